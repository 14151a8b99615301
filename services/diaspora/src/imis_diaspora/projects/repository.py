"""Queries on projects and their pledge totals."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_diaspora.members.models import Member
from imis_diaspora.projects.models import Pledge, PledgeKind, PledgeStatus, Project, ProjectStatus
from imis_diaspora.reference import Sector
from imis_shared.pagination import PageParams, paginate


async def by_id(session: AsyncSession, project_id: uuid.UUID) -> Project | None:
    statement = (
        select(Project)
        .where(Project.id == project_id)
        .options(selectinload(Project.skills))
        .execution_options(populate_existing=True)
    )
    return await session.scalar(statement)


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    status: ProjectStatus | None,
    sector: Sector | None,
    subdivision: str | None,
) -> tuple[list[Project], int]:
    statement = (
        select(Project).options(selectinload(Project.skills)).order_by(Project.created_at.desc(), Project.id)
    )
    if status:
        statement = statement.where(Project.status == status)
    if sector:
        statement = statement.where(Project.sector == sector)
    if subdivision:
        statement = statement.where(Project.subdivision == subdivision)
    return await paginate(session, statement, params)


async def pledge_totals(
    session: AsyncSession, project_id: uuid.UUID
) -> list[tuple[PledgeKind, PledgeStatus, str | None, Decimal | None, int | None]]:
    """Sums of amounts and days per kind, status and currency."""
    statement = (
        select(Pledge.kind, Pledge.status, Pledge.currency, func.sum(Pledge.amount), func.sum(Pledge.days))
        .where(Pledge.project_id == project_id)
        .group_by(Pledge.kind, Pledge.status, Pledge.currency)
    )
    return [(k, s, c, a, d) for k, s, c, a, d in (await session.execute(statement)).all()]


async def status_for_share(session: AsyncSession, project_id: uuid.UUID) -> ProjectStatus | None:
    """The project's status, read under a share lock on PostgreSQL so that it cannot change
    before the transaction ends (SQLite write transactions are serialised already)."""
    statement = select(Project.status).where(Project.id == project_id).with_for_update(read=True)
    return await session.scalar(statement)


async def supporters(session: AsyncSession, project_id: uuid.UUID) -> list[str]:
    """The accounts of the members with a pledge to the project that was not cancelled."""
    statement = (
        select(Member.user_id)
        .join(Pledge, Pledge.member_id == Member.id)
        .where(
            Pledge.project_id == project_id,
            Pledge.status != PledgeStatus.CANCELLED,
            Member.user_id.is_not(None),
        )
        .distinct()
    )
    return sorted(str(user_id) for user_id in (await session.scalars(statement)).all())
