"""Queries on applications: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import Application, ApplicationEvent, ApplicationStatus
from imis_jobs.employers.models import EmployerMember
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.vacancies.models import Vacancy
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, application_id: uuid.UUID) -> Application | None:
    return await session.get(Application, application_id)


async def find(session: AsyncSession, vacancy_id: uuid.UUID, seeker_id: uuid.UUID) -> Application | None:
    statement = select(Application).where(
        Application.vacancy_id == vacancy_id, Application.seeker_id == seeker_id
    )
    return await session.scalar(statement)


async def for_seeker(session: AsyncSession, seeker_id: uuid.UUID) -> Sequence[Application]:
    statement = select(Application).where(Application.seeker_id == seeker_id)
    return (await session.scalars(statement.order_by(Application.created_at, Application.id))).all()


async def timeline(session: AsyncSession, application_id: uuid.UUID) -> Sequence[ApplicationEvent]:
    statement = select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
    return (
        await session.scalars(statement.order_by(ApplicationEvent.occurred_at, ApplicationEvent.id))
    ).all()


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    seeker_user: str | None = None,
    employer_member: str | None = None,
    vacancy_id: uuid.UUID | None = None,
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
                    Vacancy.employer_id.in_(
                        select(EmployerMember.employer_id).where(EmployerMember.user_id == employer_member)
                    )
                )
            )
        )
    if vacancy_id is not None:
        statement = statement.where(Application.vacancy_id == vacancy_id)
    if status is not None:
        statement = statement.where(Application.status == status)
    return await paginate(session, statement, params)
