"""Queries of deletion requests."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.deletion.models import DeletionRequest, DeletionStep
from imis_shared.pagination import PageParams


async def get(session: AsyncSession, request_id: uuid.UUID) -> DeletionRequest | None:
    return await session.get(DeletionRequest, request_id)


async def get_step(session: AsyncSession, request_id: uuid.UUID, service: str) -> DeletionStep | None:
    step: DeletionStep | None = await session.get(DeletionStep, (request_id, service), with_for_update=True)
    return step


async def latest_for_account(session: AsyncSession, account_id: uuid.UUID) -> DeletionRequest | None:
    request: DeletionRequest | None = await session.scalar(
        select(DeletionRequest)
        .where(DeletionRequest.account_id == account_id)
        .order_by(DeletionRequest.requested_at.desc())
        .limit(1)
    )
    return request


async def search(
    session: AsyncSession, page: PageParams, *, completed: bool | None
) -> tuple[list[DeletionRequest], int]:
    query = select(DeletionRequest)
    if completed is not None:
        query = query.where(
            DeletionRequest.completed_at.is_not(None) if completed else DeletionRequest.completed_at.is_(None)
        )
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(
        query.order_by(DeletionRequest.requested_at.desc(), DeletionRequest.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    return list(rows), total or 0
