"""Ranking seekers for a vacancy and vacancies for a seeker, with the scoring in scoring.py.

Hard constraints that SQL can apply (consent, required languages at their level, programme
citizenships, open vacancies) narrow the candidates in the database. For a vacancy, seekers with
a related occupation or one of its skills are scored first, and the rest only when they could
still reach the page (see ``seekers_for_vacancy``), so the ranking equals scoring every profile.
Ties are broken by id, so the order is stable.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.matching.scoring import WEIGHTS, Match, SeekerOffers, VacancyNeeds, score
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.service import eligibility_problem
from imis_jobs.seekers.models import JobSeeker, SeekerLanguage, SeekerOccupation, SeekerSkill
from imis_jobs.seekers.repository import with_details
from imis_jobs.taxonomy.models import Occupation
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import Requirement, Vacancy, VacancyStatus
from imis_jobs.vacancies.repository import with_requirements
from imis_shared.db import utcnow


def needs_of(vacancy: Vacancy, taxonomy: Taxonomy) -> VacancyNeeds:
    return VacancyNeeds(
        occupation_id=vacancy.occupation_id,
        isco_code=taxonomy.occupations[vacancy.occupation_id].isco_code,
        essential_skills=frozenset(
            s.skill_id for s in vacancy.skills if s.requirement == Requirement.ESSENTIAL
        ),
        optional_skills=frozenset(
            s.skill_id for s in vacancy.skills if s.requirement == Requirement.OPTIONAL
        ),
        languages=tuple((x.language, x.min_level, x.required) for x in vacancy.languages),
        min_education_level=vacancy.min_education_level,
        min_experience_years=vacancy.min_experience_years,
        country=vacancy.destination_country,
    )


def offers_of(seeker: JobSeeker, taxonomy: Taxonomy) -> SeekerOffers:
    return SeekerOffers(
        occupations=tuple(
            (o.occupation_id, taxonomy.occupations[o.occupation_id].isco_code, o.years)
            for o in seeker.occupations
        ),
        skills=frozenset(s.skill_id for s in seeker.skills),
        languages={x.language: x.level for x in seeker.languages},
        education_level=seeker.education_level,
        preferred_countries=frozenset(seeker.preferred_countries),
    )


def _labels(taxonomy: Taxonomy, needs: VacancyNeeds) -> dict[str, str]:
    return {s: taxonomy.skills[s].label for s in needs.essential_skills | needs.optional_skills}


def _eligible(vacancy: Vacancy, needs: VacancyNeeds, programme: Programme | None) -> Select[uuid.UUID]:
    """Ids of seekers no hard constraint excludes: consent, required languages, programme."""
    statement = select(JobSeeker.id).where(JobSeeker.discoverable.is_(True))
    for language, minimum, required in needs.languages:
        if required:  # CEFR codes sort in level order: "A1" < "A2" < … < "C2"
            statement = statement.where(
                exists().where(
                    SeekerLanguage.seeker_id == JobSeeker.id,
                    SeekerLanguage.language == language,
                    SeekerLanguage.level >= minimum,
                )
            )
    if programme is not None:  # a programme admits only the citizenships it lists
        statement = statement.where(JobSeeker.citizenship.in_(programme.eligible_citizenships))
    return statement


def _strong(eligible: Select[uuid.UUID], needs: VacancyNeeds) -> Select[uuid.UUID]:
    """Eligible seekers with an occupation in the vacancy's ISCO sub-major group or one of its skills."""
    related = exists().where(
        SeekerOccupation.seeker_id == JobSeeker.id,
        SeekerOccupation.occupation_id == Occupation.id,
        Occupation.isco_code.startswith(needs.isco_code[:2]),
    )
    skills = needs.essential_skills | needs.optional_skills
    if not skills:
        return eligible.where(related)
    holds = exists().where(SeekerSkill.seeker_id == JobSeeker.id, SeekerSkill.skill_id.in_(skills))
    return eligible.where(or_(related, holds))


def outsider_bound(needs: VacancyNeeds) -> float:
    """The best score a seeker outside ``_strong`` can reach: no related occupation (so no
    experience either) and none of the vacancy's skills."""
    free = {"languages", "education", "destination"}
    if not needs.essential_skills and not needs.optional_skills:
        free.add("skills")
    if not needs.min_experience_years:
        free.add("experience")
    return sum(WEIGHTS[name] for name in free)


async def _score_all(
    session: AsyncSession, ids: Select[uuid.UUID], needs: VacancyNeeds, taxonomy: Taxonomy
) -> list[tuple[uuid.UUID, Match]]:
    """Score every seeker in ``ids``, reading only the rows the vacancy's needs can touch."""
    id_set = ids.subquery()
    in_set = JobSeeker.id.in_(select(id_set.c.id))
    people = (
        await session.execute(
            select(JobSeeker.id, JobSeeker.education_level, JobSeeker.preferred_countries).where(in_set)
        )
    ).all()
    occupations: dict[uuid.UUID, list[tuple[str, str, int]]] = defaultdict(list)
    occupation_rows = await session.execute(
        select(SeekerOccupation.seeker_id, SeekerOccupation.occupation_id, SeekerOccupation.years).where(
            SeekerOccupation.seeker_id.in_(select(id_set.c.id))
        )
    )
    for seeker_id, occupation_id, years in occupation_rows:
        occupations[seeker_id].append((occupation_id, taxonomy.occupations[occupation_id].isco_code, years))
    skills: dict[uuid.UUID, set[str]] = defaultdict(set)
    wanted = needs.essential_skills | needs.optional_skills
    if wanted:
        skill_rows = await session.execute(
            select(SeekerSkill.seeker_id, SeekerSkill.skill_id).where(
                SeekerSkill.seeker_id.in_(select(id_set.c.id)), SeekerSkill.skill_id.in_(wanted)
            )
        )
        for seeker_id, skill_id in skill_rows:
            skills[seeker_id].add(skill_id)
    languages: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)
    asked = {language for language, _level, _required in needs.languages}
    if asked:
        language_rows = await session.execute(
            select(SeekerLanguage.seeker_id, SeekerLanguage.language, SeekerLanguage.level).where(
                SeekerLanguage.seeker_id.in_(select(id_set.c.id)), SeekerLanguage.language.in_(asked)
            )
        )
        for seeker_id, language, level in language_rows:
            languages[seeker_id][language] = level
    labels = _labels(taxonomy, needs)
    scored = []
    for seeker_id, education_level, preferred in people:
        offers = SeekerOffers(
            occupations=tuple(occupations.get(seeker_id, ())),
            skills=frozenset(skills.get(seeker_id, ())),
            languages=languages.get(seeker_id, {}),
            education_level=education_level,
            preferred_countries=frozenset(preferred or ()),
        )
        match = score(needs, offers, labels)
        if match is not None:
            scored.append((seeker_id, match))
    scored.sort(key=lambda pair: (-pair[1].score, str(pair[0])))
    return scored


async def seekers_for_vacancy(
    session: AsyncSession, vacancy: Vacancy, taxonomy: Taxonomy, limit: int, offset: int
) -> tuple[list[tuple[JobSeeker, Match]], int]:
    """The page of seekers ranked for ``vacancy``, exactly as scoring every profile would rank them.

    Seekers with a related occupation or one of the vacancy's skills are scored first. Anyone
    else can score at most ``outsider_bound``; when the page's last candidate scores above
    that, nobody outside can enter the page and the rest is skipped. Otherwise (rare: a
    vacancy with no skills, or too few related seekers) every eligible seeker is scored.
    """
    needs = needs_of(vacancy, taxonomy)
    programme = await session.get(Programme, vacancy.programme_id) if vacancy.programme_id else None
    eligible = _eligible(vacancy, needs, programme)
    total = int(await session.scalar(select(func.count()).select_from(eligible.subquery())) or 0)
    ranked = await _score_all(session, _strong(eligible, needs), needs, taxonomy)
    wanted = offset + limit
    if not (len(ranked) >= wanted and ranked[wanted - 1][1].score > outsider_bound(needs) + 1e-9):
        ranked = await _score_all(session, eligible, needs, taxonomy)
    page = ranked[offset : offset + limit]
    ids = [seeker_id for seeker_id, _match in page]
    people = {
        s.id: s for s in await session.scalars(with_details(select(JobSeeker).where(JobSeeker.id.in_(ids))))
    }
    return [(people[seeker_id], match) for seeker_id, match in page], total


async def vacancies_for_seeker(
    session: AsyncSession, seeker: JobSeeker, taxonomy: Taxonomy, limit: int, offset: int
) -> tuple[list[tuple[Vacancy, Match]], int]:
    offers = offers_of(seeker, taxonomy)
    statement = select(Vacancy).where(
        Vacancy.status == VacancyStatus.PUBLISHED, Vacancy.application_deadline >= utcnow().date()
    )
    programmes = {p.id: p for p in await session.scalars(select(Programme))}
    ranked: list[tuple[Vacancy, Match]] = []
    for vacancy in await session.scalars(with_requirements(statement)):
        programme = programmes.get(vacancy.programme_id) if vacancy.programme_id else None
        if programme is not None and eligibility_problem(programme, citizenship=seeker.citizenship):
            continue
        needs = needs_of(vacancy, taxonomy)
        match = score(needs, offers, _labels(taxonomy, needs))
        if match is not None:
            ranked.append((vacancy, match))
    ranked.sort(key=lambda pair: (-pair[1].score, str(pair[0].id)))
    return ranked[offset : offset + limit], len(ranked)
