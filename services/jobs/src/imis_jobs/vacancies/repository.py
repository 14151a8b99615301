"""Queries on vacancies: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Literal

from sqlalchemy import Select, String, exists, func, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_jobs.employers.models import Employer
from imis_jobs.taxonomy.models import Occupation
from imis_jobs.vacancies.models import (
    ContractType,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)
from imis_shared.db import LIKE_ESCAPE, contains_pattern
from imis_shared.pagination import PageParams, paginate

Sort = Literal["-published_at", "application_deadline", "-salary_max", "title"]
_ORDER = {
    "-published_at": (Vacancy.published_at.desc(), Vacancy.id),
    "application_deadline": (Vacancy.application_deadline, Vacancy.id),
    "-salary_max": (Vacancy.salary_max.desc(), Vacancy.id),
    "title": (Vacancy.title, Vacancy.id),
}


def with_requirements(statement: Select[Vacancy]) -> Select[Vacancy]:
    return statement.options(selectinload(Vacancy.skills), selectinload(Vacancy.languages))


@dataclass(frozen=True)
class Requirements:
    """The skills and languages of a page of vacancies, as plain rows in the order the vacancy's
    own lists keep (by skill id, by language): a page of twenty vacancies holds hundreds of skills,
    and ORM objects for each cost more than the rest of the page."""

    skills: dict[uuid.UUID, list[tuple[str, str]]] = field(default_factory=dict)  # (skill id, requirement)
    languages: dict[uuid.UUID, list[tuple[str, str, bool]]] = field(default_factory=dict)


# The columns as the driver gives them (the vacancy id as text or the driver's own UUID, the
# requirement as text): the page converts each vacancy's id once, not once per skill row.
_SKILL_ROWS = select(
    type_coerce(VacancySkill.vacancy_id, String),
    VacancySkill.skill_id,
    type_coerce(VacancySkill.requirement, String),
).order_by(VacancySkill.vacancy_id, VacancySkill.skill_id)
_LANGUAGE_ROWS = select(
    type_coerce(VacancyLanguage.vacancy_id, String),
    VacancyLanguage.language,
    VacancyLanguage.min_level,
    VacancyLanguage.required,
).order_by(VacancyLanguage.vacancy_id, VacancyLanguage.language)


async def requirements_of(session: AsyncSession, vacancy_ids: Collection[uuid.UUID]) -> Requirements:
    if not vacancy_ids:
        return Requirements()
    ids = list(vacancy_ids)
    connection = await session.connection()  # plain rows: no ORM bookkeeping per row
    skills: dict[uuid.UUID, list[tuple[str, str]]] = {}
    skill_rows = await connection.execute(_SKILL_ROWS.where(VacancySkill.vacancy_id.in_(ids)))
    for raw_id, held in groupby(skill_rows, key=itemgetter(0)):
        skills[uuid.UUID(str(raw_id))] = [(skill_id, requirement) for _, skill_id, requirement in held]
    languages: dict[uuid.UUID, list[tuple[str, str, bool]]] = {}
    language_rows = await connection.execute(_LANGUAGE_ROWS.where(VacancyLanguage.vacancy_id.in_(ids)))
    for raw_id, spoken in groupby(language_rows, key=itemgetter(0)):
        languages[uuid.UUID(str(raw_id))] = [
            (language, level, required) for _, language, level, required in spoken
        ]
    return Requirements(skills, languages)


async def get(session: AsyncSession, vacancy_id: uuid.UUID) -> Vacancy | None:
    statement = with_requirements(select(Vacancy).where(Vacancy.id == vacancy_id))
    return await session.scalar(statement.execution_options(populate_existing=True))


async def many(session: AsyncSession, ids: list[uuid.UUID]) -> list[Vacancy]:
    """The vacancies ``ids`` names, with their requirements."""
    return list(await session.scalars(with_requirements(select(Vacancy).where(Vacancy.id.in_(ids)))))


async def employers_by_id(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, Employer]:
    if not ids:
        return {}
    return {e.id: e for e in await session.scalars(select(Employer).where(Employer.id.in_(ids)))}


@dataclass(frozen=True)
class VacancyFilters:
    """The filters of the public vacancy search, which a saved search keeps."""

    q: str | None = None
    occupation_id: str | None = None
    isco: str | None = None
    country: str | None = None
    contract_type: ContractType | None = None
    language: str | None = None
    programme_id: uuid.UUID | None = None


def _filtered(statement: Select[Vacancy], filters: VacancyFilters) -> Select[Vacancy]:
    if filters.q:
        pattern = contains_pattern(filters.q.lower())
        statement = statement.where(
            or_(
                func.lower(Vacancy.title).like(pattern, escape=LIKE_ESCAPE),
                func.lower(Vacancy.description).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    if filters.occupation_id:
        statement = statement.where(Vacancy.occupation_id == filters.occupation_id)
    if filters.isco:
        isco = filters.isco
        statement = statement.where(
            Vacancy.occupation_id.in_(select(Occupation.id).where(Occupation.isco_code.startswith(isco)))
        )
    if filters.country:
        statement = statement.where(Vacancy.destination_country == filters.country)
    if filters.contract_type:
        statement = statement.where(Vacancy.contract_type == filters.contract_type)
    if filters.programme_id:
        statement = statement.where(Vacancy.programme_id == filters.programme_id)
    if filters.language:
        statement = statement.where(
            exists().where(
                VacancyLanguage.vacancy_id == Vacancy.id, VacancyLanguage.language == filters.language
            )
        )
    return statement


def _public() -> Select[Vacancy]:
    """Published vacancies of employers in good standing: what anyone sees."""
    return (
        select(Vacancy)
        .where(Vacancy.status == VacancyStatus.PUBLISHED)
        .join(Employer, Employer.id == Vacancy.employer_id)
        .where(Employer.in_good_standing)
    )


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    statuses: tuple[VacancyStatus, ...] = (VacancyStatus.PUBLISHED,),
    employer_id: uuid.UUID | None = None,
    filters: VacancyFilters = VacancyFilters(),
    sort: Sort = "-published_at",
    open_employers_only: bool = False,
) -> tuple[list[Vacancy], int]:
    """Vacancies in ``statuses``; with ``open_employers_only``, only those of employers in good
    standing (the public list: a suspended employer's vacancies leave it). Their skills and
    languages are not loaded: :func:`requirements_of` reads them for the page."""
    statement = select(Vacancy).where(Vacancy.status.in_(statuses))
    if open_employers_only:
        statement = statement.join(Employer, Employer.id == Vacancy.employer_id).where(
            Employer.in_good_standing
        )
    if employer_id is not None:
        statement = statement.where(Vacancy.employer_id == employer_id)
    statement = _filtered(statement, filters)
    return await paginate(session, statement.order_by(*_ORDER[sort]), params)


async def publicly_matches(session: AsyncSession, vacancy_id: uuid.UUID, filters: VacancyFilters) -> bool:
    """Whether the public search with ``filters`` lists the vacancy now (a saved search's alert)."""
    statement = _filtered(_public().where(Vacancy.id == vacancy_id), filters)
    return bool(await session.scalar(select(statement.exists())))
