"""Ranking seekers for a vacancy and vacancies for a seeker, with the scoring in scoring.py.

Hard constraints that SQL can apply (consent, required languages at their level, open
vacancies) narrow the candidates in the database; every remaining candidate is scored in full,
so the ranking equals scoring every profile. Ties are broken by id, so the order is stable.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.matching.scoring import Match, SeekerOffers, VacancyNeeds, score
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.service import eligibility_problem
from imis_jobs.seekers.models import JobSeeker, SeekerLanguage
from imis_jobs.seekers.repository import with_details
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


async def seekers_for_vacancy(
    session: AsyncSession, vacancy: Vacancy, taxonomy: Taxonomy, limit: int, offset: int
) -> tuple[list[tuple[JobSeeker, Match]], int]:
    needs = needs_of(vacancy, taxonomy)
    statement = select(JobSeeker).where(JobSeeker.discoverable.is_(True))
    if vacancy.programme_id is not None:  # a programme admits only the citizenships it lists
        programme = await session.get(Programme, vacancy.programme_id)
        if programme is not None:
            statement = statement.where(JobSeeker.citizenship.in_(programme.eligible_citizenships))
    for language, minimum, required in needs.languages:
        if required:  # CEFR codes sort in level order: "A1" < "A2" < … < "C2"
            statement = statement.where(
                exists().where(
                    SeekerLanguage.seeker_id == JobSeeker.id,
                    SeekerLanguage.language == language,
                    SeekerLanguage.level >= minimum,
                )
            )
    labels = _labels(taxonomy, needs)
    ranked: list[tuple[JobSeeker, Match]] = []
    for seeker in await session.scalars(with_details(statement)):
        match = score(needs, offers_of(seeker, taxonomy), labels)
        if match is not None:
            ranked.append((seeker, match))
    ranked.sort(key=lambda pair: (-pair[1].score, str(pair[0].id)))
    return ranked[offset : offset + limit], len(ranked)


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
