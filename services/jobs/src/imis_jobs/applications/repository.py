"""Queries on applications: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import (
    PLACED,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ErasedPlacement,
)
from imis_jobs.applications.workflow import ABROAD
from imis_jobs.employers.models import EmployerMember
from imis_jobs.employers.repository import employers_in_good_standing_of
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.vacancies.models import Vacancy
from imis_shared.pagination import PageParams, paginate

_ABROAD = tuple(sorted(ABROAD))


async def get(session: AsyncSession, application_id: uuid.UUID) -> Application | None:
    return await session.get(Application, application_id)


async def find_active(
    session: AsyncSession, vacancy_id: uuid.UUID, seeker_id: uuid.UUID
) -> Application | None:
    """The seeker's application to the vacancy that blocks another: any but a returned worker's
    (there may be several of those, one per season), as the partial unique index says."""
    statement = select(Application).where(
        Application.vacancy_id == vacancy_id,
        Application.seeker_id == seeker_id,
        Application.status != ApplicationStatus.RETURNED,
    )
    return await session.scalar(statement)


async def for_seeker(session: AsyncSession, seeker_id: uuid.UUID) -> Sequence[Application]:
    statement = select(Application).where(Application.seeker_id == seeker_id)
    return (await session.scalars(statement.order_by(Application.created_at, Application.id))).all()


async def timelines(
    session: AsyncSession, application_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[ApplicationEvent]]:
    """The timelines of several applications in one query."""
    grouped: dict[uuid.UUID, list[ApplicationEvent]] = {
        application_id: [] for application_id in application_ids
    }
    if application_ids:
        statement = select(ApplicationEvent).where(ApplicationEvent.application_id.in_(application_ids))
        for event in await session.scalars(
            statement.order_by(ApplicationEvent.occurred_at, ApplicationEvent.id)
        ):
            grouped[event.application_id].append(event)
    return grouped


async def parties(
    session: AsyncSession, applications: Sequence[Application], user_id: str | None
) -> tuple[dict[uuid.UUID, Vacancy], dict[uuid.UUID, JobSeeker], set[uuid.UUID]]:
    """Vacancies and seekers of ``applications``, and which of their employers in good standing
    ``user_id`` belongs to: a suspended employer's members play no part in its applications."""
    vacancy_ids = {a.vacancy_id for a in applications}
    seeker_ids = {a.seeker_id for a in applications}
    found_vacancies = {
        v.id: v for v in await session.scalars(select(Vacancy).where(Vacancy.id.in_(vacancy_ids)))
    }
    found_seekers = {
        s.id: s for s in await session.scalars(select(JobSeeker).where(JobSeeker.id.in_(seeker_ids)))
    }
    employer_ids = {v.employer_id for v in found_vacancies.values()}
    member_of: set[uuid.UUID] = set()
    if user_id and employer_ids:
        statement = employers_in_good_standing_of(user_id).where(EmployerMember.employer_id.in_(employer_ids))
        member_of = set(await session.scalars(statement))
    return found_vacancies, found_seekers, member_of


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    seeker_user: str | None = None,
    employer_member: str | None = None,
    vacancy_id: uuid.UUID | None = None,
    programme_id: uuid.UUID | None = None,
    status: ApplicationStatus | None = None,
) -> tuple[list[Application], int]:
    statement = select(Application).order_by(Application.created_at.desc(), Application.id)
    if seeker_user is not None:
        statement = statement.where(
            Application.seeker_id.in_(select(JobSeeker.id).where(JobSeeker.user_id == seeker_user))
        )
    if employer_member is not None:
        statement = statement.where(
            Application.vacancy_id.in_(
                select(Vacancy.id).where(
                    Vacancy.employer_id.in_(employers_in_good_standing_of(employer_member))
                )
            )
        )
    if vacancy_id is not None:
        statement = statement.where(Application.vacancy_id == vacancy_id)
    if programme_id is not None:
        statement = statement.where(
            Application.vacancy_id.in_(select(Vacancy.id).where(Vacancy.programme_id == programme_id))
        )
    if status is not None:
        statement = statement.where(Application.status == status)
    return await paginate(session, statement, params)


async def has_applied_to_employer_of(session: AsyncSession, seeker_id: uuid.UUID, user_id: str) -> bool:
    """Whether the seeker applied (or accepted an invitation) to a vacancy of the user's employers."""
    statement = select(
        exists().where(
            Application.seeker_id == seeker_id,
            Application.status.not_in((ApplicationStatus.INVITED, ApplicationStatus.DECLINED)),
            Application.vacancy_id == Vacancy.id,
            Vacancy.employer_id == EmployerMember.employer_id,
            EmployerMember.user_id == user_id,
        )
    )
    return bool(await session.scalar(statement))


class OverdueRow(NamedTuple):
    application_id: uuid.UUID
    vacancy_id: uuid.UUID
    vacancy_title: str
    seeker_id: uuid.UUID
    seeker_name: str
    return_due_on: date


async def overdue_returns(
    session: AsyncSession, programme_id: uuid.UUID, today: date, params: PageParams
) -> tuple[list[OverdueRow], int]:
    """Workers of the programme who departed and are past their return date, not returned yet
    (departed, arrived, employed or terminated), as rows (the longest overdue first)."""
    statement = (
        select(
            Application.id,
            Application.vacancy_id,
            Vacancy.title,
            Application.seeker_id,
            JobSeeker.full_name,
            Application.return_due_on,
        )
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .join(JobSeeker, JobSeeker.id == Application.seeker_id)
        .where(
            Vacancy.programme_id == programme_id,
            Application.status.in_(_ABROAD),
            Application.return_due_on < today,
        )
        .order_by(Application.return_due_on, Application.id)
    )
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = await session.execute(statement.limit(params.limit).offset(params.offset))
    return [OverdueRow._make(row) for row in rows], int(total or 0)


async def keep_placements_anonymised(session: AsyncSession, seeker_id: uuid.UUID, now: datetime) -> None:
    """Before a deleted account's profile (and so its applications) goes: each of its placements
    stays in the statistics as an :class:`ErasedPlacement`."""
    placed = select(Application.vacancy_id, Application.status).where(
        Application.seeker_id == seeker_id, Application.status.in_(PLACED)
    )
    rows = (await session.execute(placed)).all()
    if rows:
        await session.execute(
            insert(ErasedPlacement),
            [{"id": uuid.uuid4(), "vacancy_id": v, "status": s, "erased_at": now} for v, s in rows],
        )
