"""Queries of matching: the only place that builds them.

Matching reads seekers from its read model, ``seeker_match_profile`` and ``seeker_match_language``
(declared beside the profile tables in ``seekers.models``): one row per occupation held, with the
occupations, skills and languages as space-separated lists. ``refresh_profile`` recomputes a
seeker's rows after each profile write, in the same transaction (the seeker service announces the
write through ``imis_jobs.seeker_changes``); an erased seeker's rows go with the seeker (their
foreign keys cascade). The rows are computed in SQL from the normalised tables
(``aggregate_strings`` is ``group_concat`` on SQLite and ``string_agg`` on PostgreSQL), so the same
statements serve a profile write, the migrations that add the tables, and a rebuild after a bulk
load. Statements and aliases are built once, here, not per request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Delete,
    Insert,
    Result,
    SQLColumnExpression,
    String,
    Text,
    Uuid,
    and_,
    bindparam,
    case,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from imis_jobs.applications.models import Application, ApplicationStatus
from imis_jobs.employers.models import Employer
from imis_jobs.matching.models import SeekerMatchLanguage, SeekerMatchProfile
from imis_jobs.seekers.models import JobSeeker, SeekerLanguage, SeekerOccupation, SeekerSkill
from imis_jobs.vacancies.models import Requirement, Vacancy, VacancyLanguage, VacancySkill, VacancyStatus


def listed(value: SQLColumnExpression[str], *where: ColumnElement[bool]) -> ColumnElement[str]:
    """The ``value`` of each row ``where`` selects, space-separated ("" when there is none): how
    the read models store lists, and how the ranking of vacancies reads their requirements."""
    return func.coalesce(select(func.aggregate_strings(value, " ")).where(*where).scalar_subquery(), "")


def refresh_statements(which: ColumnElement[bool] | None = None) -> list[Delete | Insert]:
    """Delete and recompute the match profiles and languages of the seekers ``which`` selects
    (all when None)."""
    mine = SeekerOccupation.seeker_id == JobSeeker.id
    occupations = listed(
        SeekerOccupation.occupation_id + literal(":") + cast(SeekerOccupation.years, String), mine
    )
    skills = listed(SeekerSkill.skill_id, SeekerSkill.seeker_id == JobSeeker.id)
    languages = listed(
        SeekerLanguage.language + literal(":") + SeekerLanguage.level,
        SeekerLanguage.seeker_id == JobSeeker.id,
    )
    skill_count = (
        select(func.count()).select_from(SeekerSkill).where(SeekerSkill.seeker_id == JobSeeker.id)
    ).scalar_subquery()
    row_for = aliased(SeekerOccupation)  # one row per occupation held; the lists are per seeker
    source = select(
        func.coalesce(row_for.occupation_id, ""),
        JobSeeker.id,
        JobSeeker.discoverable,
        JobSeeker.citizenship,
        JobSeeker.education_level,
        JobSeeker.preferred_countries,
        occupations,
        skills,
        languages,
        skill_count,
    ).outerjoin(row_for, row_for.seeker_id == JobSeeker.id)
    remove = delete(SeekerMatchProfile)
    held = select(
        SeekerLanguage.seeker_id,
        SeekerLanguage.language,
        SeekerLanguage.level,
        JobSeeker.discoverable,
        JobSeeker.citizenship,
    ).join(JobSeeker, JobSeeker.id == SeekerLanguage.seeker_id)
    remove_held = delete(SeekerMatchLanguage)
    if which is not None:
        source = source.where(which)
        held = held.where(which)
        chosen = select(JobSeeker.id).where(which)
        remove = remove.where(SeekerMatchProfile.seeker_id.in_(chosen))
        remove_held = remove_held.where(SeekerMatchLanguage.seeker_id.in_(chosen))
    columns = [
        "occupation_id",
        "seeker_id",
        "discoverable",
        "citizenship",
        "education_level",
        "preferred_countries",
        "occupations",
        "skills",
        "languages",
        "skill_count",
    ]
    return [
        remove,
        insert(SeekerMatchProfile).from_select(columns, source),
        remove_held,
        insert(SeekerMatchLanguage).from_select(
            ["seeker_id", "language", "level", "discoverable", "citizenship"], held
        ),
    ]


# One seeker's refresh, built once: a profile write runs it with the seeker's id.
_REFRESH_ONE = refresh_statements(JobSeeker.id == bindparam("refreshed_seeker_id", type_=Uuid()))


async def refresh_profile(session: AsyncSession, seeker_id: uuid.UUID) -> None:
    """Recompute one seeker's rows; called after a change to their profile is flushed."""
    # On the connection: given parameters, the session would take an INSERT for an ORM bulk insert.
    connection = await session.connection()
    for statement in _REFRESH_ONE:
        await connection.execute(statement, {"refreshed_seeker_id": seeker_id})


# --- ranking seekers for a vacancy -------------------------------------------------------------

_PROFILE = SeekerMatchProfile
_PROFILE_ROWS = select(
    type_coerce(_PROFILE.seeker_id, String),  # compared and sorted, not parsed: text is enough
    _PROFILE.occupations,
    _PROFILE.skills,
    _PROFILE.languages,
    _PROFILE.education_level,
    cast(_PROFILE.preferred_countries, Text),  # JSON text, parsed once per distinct value
).where(_PROFILE.discoverable == true())  # "= true", which PostgreSQL can match to an index
_MOST_SKILLS = select(func.max(SeekerMatchProfile.skill_count))
_DISCOVERABLE = select(func.count()).select_from(JobSeeker).where(JobSeeker.discoverable == true())


# A restriction of a ranking to some seekers, as a condition on a seeker id column (e.g. the
# pre-screened: ``verifications.repository.holds_all``).
Within = Callable[[SQLColumnExpression[uuid.UUID]], ColumnElement[bool]]


def among(seeker_ids: Sequence[uuid.UUID], also: Within | None) -> Within:
    """``also`` (when given), and only the seekers ``seeker_ids``."""

    def condition(seeker_id: SQLColumnExpression[uuid.UUID]) -> ColumnElement[bool]:
        chosen = seeker_id.in_(list(seeker_ids))
        return and_(also(seeker_id), chosen) if also is not None else chosen

    return condition


async def complied_returnees(session: AsyncSession, programme_id: uuid.UUID) -> list[uuid.UUID]:
    """The seekers who returned as agreed from a placement in ``programme_id``: the programme ranks
    them first when they apply again."""
    statement = (
        select(Application.seeker_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(
            Vacancy.programme_id == programme_id,
            Application.status == ApplicationStatus.RETURNED,
            Application.returned_as_agreed == true(),
        )
        .distinct()
    )
    return list(await session.scalars(statement))


async def count_eligible(
    session: AsyncSession,
    required: Sequence[tuple[str, str]],
    citizenships: Sequence[str] | None,
    within: Within | None = None,
) -> int:
    """How many discoverable seekers hold every ``required`` (language, minimum level), with one of
    ``citizenships`` (any when None), and ``within`` (when given) selects. With a required language,
    its discoverable holders at the level are one range of ``seeker_match_language``'s index; each
    further one is a lookup per holder."""
    if not required:
        statement = _DISCOVERABLE
        if citizenships is not None:  # a programme admits only the citizenships it lists
            statement = statement.where(JobSeeker.citizenship.in_(citizenships))
        if within is not None:
            statement = statement.where(within(JobSeeker.id))
        return int(await session.scalar(statement) or 0)
    (language, minimum), *others = required
    first = aliased(SeekerMatchLanguage)
    # CEFR codes sort in level order: "A1" < "A2" < … < "C2"
    statement = (
        select(func.count())
        .select_from(first)
        .where(first.language == language, first.discoverable == true(), first.level >= minimum)
    )
    if citizenships is not None:
        statement = statement.where(first.citizenship.in_(citizenships))
    if within is not None:
        statement = statement.where(within(first.seeker_id))
    for language, minimum in others:
        held = aliased(SeekerMatchLanguage)
        statement = statement.join(
            held, and_(held.seeker_id == first.seeker_id, held.language == language, held.level >= minimum)
        )
    return int(await session.scalar(statement) or 0)


async def most_skills(session: AsyncSession) -> int:
    """The most skills any seeker holds."""
    return int(await session.scalar(_MOST_SKILLS) or 0)


def holding_occupations(occupations: Iterable[str]) -> ColumnElement[bool]:
    """The profile rows of seekers holding one of ``occupations``: a range of the occupation key."""
    return _PROFILE.occupation_id.in_(occupations)


def holding_skills(skills: Iterable[str], unless_holding: Iterable[str]) -> ColumnElement[bool]:
    """The profile rows of seekers holding one of ``skills`` and none of the occupations
    ``unless_holding``: lookups by seeker."""
    # NOT EXISTS, an anti-join: NOT IN over the holders of common occupations outgrows PostgreSQL's
    # work_mem among a million seekers and then runs as a nested loop.
    holds_one = exists().where(
        SeekerOccupation.seeker_id == SeekerSkill.seeker_id,
        SeekerOccupation.occupation_id.in_(unless_holding),
    )
    return _PROFILE.seeker_id.in_(
        select(SeekerSkill.seeker_id).where(SeekerSkill.skill_id.in_(skills), ~holds_one)
    )


async def profile_rows(
    session: AsyncSession,
    rows: ColumnElement[bool] | None,
    citizenships: Sequence[str] | None,
    fewest_skills: int,
    within: Within | None = None,
) -> Result[str, str, str, str, int | None, str]:
    """(seeker id as text, occupations, skills, languages, education level, preferred countries as
    JSON text) of the discoverable seekers whose profile ``rows`` match (all when None), with one
    of ``citizenships`` (any when None), holding at least ``fewest_skills`` skills, that ``within``
    (when given) selects: one row per occupation held, as plain rows (no ORM processing)."""
    statement = _PROFILE_ROWS
    if rows is not None:
        statement = statement.where(rows)
    if citizenships is not None:
        statement = statement.where(_PROFILE.citizenship.in_(citizenships))
    if fewest_skills:
        statement = statement.where(_PROFILE.skill_count >= fewest_skills)
    if within is not None:
        statement = statement.where(within(_PROFILE.seeker_id))
    return await (await session.connection()).execute(statement)


async def seekers_by_id(session: AsyncSession, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, JobSeeker]:
    statement = select(JobSeeker).where(JobSeeker.id.in_(list(ids)))
    return {seeker.id: seeker for seeker in await session.scalars(statement)}


# --- ranking vacancies for a seeker ------------------------------------------------------------


def _skills(requirement: Requirement) -> ColumnElement[str]:
    return listed(
        VacancySkill.skill_id, VacancySkill.vacancy_id == Vacancy.id, VacancySkill.requirement == requirement
    )


_DEMAND = case((VacancyLanguage.required, literal("required")), else_=literal("desired"))
_OPEN_VACANCIES = select(
    Vacancy.id,
    Vacancy.occupation_id,
    Vacancy.programme_id,
    _skills(Requirement.ESSENTIAL),
    _skills(Requirement.OPTIONAL),
    listed(
        VacancyLanguage.language + ":" + VacancyLanguage.min_level + ":" + _DEMAND,
        VacancyLanguage.vacancy_id == Vacancy.id,
    ),
    Vacancy.min_education_level,
    Vacancy.min_experience_years,
    Vacancy.destination_country,
)


async def open_vacancies(
    session: AsyncSession, today: date
) -> Result[uuid.UUID, str, uuid.UUID | None, str, str, str, int | None, int, str]:
    """(id, occupation, programme, essential skills, optional skills, languages as
    ``language:level:required|desired``, minimum education, minimum experience, destination) of
    every vacancy open to applications on ``today`` (published, before its deadline, its employer in
    good standing), in one statement with the requirement lists
    aggregated in SQL: loading them as ORM objects with their requirements took ~3 s at 2,000
    vacancies."""
    statement = _OPEN_VACANCIES.join(Employer, Employer.id == Vacancy.employer_id).where(
        Vacancy.status == VacancyStatus.PUBLISHED,
        Vacancy.application_deadline >= today,
        Employer.in_good_standing,
    )
    return await session.execute(statement)
