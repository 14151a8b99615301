"""Queries on pledges."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.projects.models import Pledge, PledgeStatus
from imis_shared.pagination import PageParams, paginate


async def by_id(session: AsyncSession, pledge_id: uuid.UUID) -> Pledge | None:
    return await session.get(Pledge, pledge_id)


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    project_id: uuid.UUID | None = None,
    member_id: uuid.UUID | None = None,
    status: PledgeStatus | None = None,
) -> tuple[list[Pledge], int]:
    statement = select(Pledge).order_by(Pledge.created_at, Pledge.id)
    if project_id:
        statement = statement.where(Pledge.project_id == project_id)
    if member_id:
        statement = statement.where(Pledge.member_id == member_id)
    if status:
        statement = statement.where(Pledge.status == status)
    return await paginate(session, statement, params)


async def of_member(session: AsyncSession, member_id: uuid.UUID) -> list[Pledge]:
    statement = select(Pledge).where(Pledge.member_id == member_id).order_by(Pledge.created_at, Pledge.id)
    return list((await session.scalars(statement)).all())
