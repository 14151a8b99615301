"""Counting queries for statistics: vacancies, applications and placements per programme."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import Application, ApplicationStatus, ErasedPlacement
from imis_jobs.programmes.models import Programme
from imis_jobs.taxonomy.models import Occupation
from imis_jobs.vacancies.models import Vacancy, VacancyStatus

_MAJOR = func.substr(Occupation.isco_code, 1, 1)
VACANCIES = (
    select(Vacancy.destination_country, _MAJOR, func.count(), func.sum(Vacancy.positions))
    .join(Occupation, Occupation.id == Vacancy.occupation_id)
    .where(Vacancy.status.not_in((VacancyStatus.DRAFT, VacancyStatus.PENDING_APPROVAL)))
    .group_by(Vacancy.destination_country, _MAJOR)
    .order_by(Vacancy.destination_country, _MAJOR)
)
APPLICATIONS = select(Application.status, func.count()).group_by(Application.status)
ERASED = select(ErasedPlacement.status, func.count()).group_by(ErasedPlacement.status)


async def vacancy_counts(session: AsyncSession) -> list[tuple[str, str, int, int | None]]:
    """(destination country, ISCO major group, vacancies, positions) of vacancies once published (not
    drafts, nor job orders pending approval)."""
    return [(c, g, n, p) for c, g, n, p in (await session.execute(VACANCIES)).all()]


async def application_counts(session: AsyncSession) -> list[tuple[ApplicationStatus, int]]:
    """Applications by status, the anonymised placements of deleted accounts included."""
    rows = [*(await session.execute(APPLICATIONS)).all(), *(await session.execute(ERASED)).all()]
    return [(status, count) for status, count in rows]


async def erased_programme_placements(
    session: AsyncSession, placed: tuple[ApplicationStatus, ...], departed: tuple[ApplicationStatus, ...]
) -> dict[uuid.UUID, tuple[int, int]]:
    """Per programme, the anonymised placements of deleted accounts: (in ``placed``, in ``departed``)."""
    statement = (
        select(
            Vacancy.programme_id,
            func.count(ErasedPlacement.id).filter(ErasedPlacement.status.in_(placed)),
            func.count(ErasedPlacement.id).filter(ErasedPlacement.status.in_(departed)),
        )
        .join(Vacancy, Vacancy.id == ErasedPlacement.vacancy_id)
        .where(Vacancy.programme_id.is_not(None))
        .group_by(Vacancy.programme_id)
    )
    return {i: (p, d) for i, p, d in (await session.execute(statement)).all() if i is not None}


async def programme_placements(
    session: AsyncSession, placed: tuple[ApplicationStatus, ...], departed: tuple[ApplicationStatus, ...]
) -> list[tuple[uuid.UUID, str, int, int, int, int]]:
    """(id, name, quota, quota used, applications in ``placed``, in ``departed``) per programme."""
    statement = (
        select(
            Programme.id,
            Programme.name,
            Programme.quota,
            Programme.quota_used,
            func.count(Application.id).filter(Application.status.in_(placed)),
            func.count(Application.id).filter(Application.status.in_(departed)),
        )
        .outerjoin(Vacancy, Vacancy.programme_id == Programme.id)
        .outerjoin(Application, Application.vacancy_id == Vacancy.id)
        .group_by(Programme.id, Programme.name, Programme.quota, Programme.quota_used)
        .order_by(Programme.name, Programme.id)
    )
    return [(i, n, q, u, p, d) for i, n, q, u, p, d in (await session.execute(statement)).all()]
