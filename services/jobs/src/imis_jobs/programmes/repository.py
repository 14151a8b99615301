"""Queries on programmes: the only place that builds them.

The quota is taken with one conditional UPDATE (``quota_used = quota_used + 1 WHERE
quota_used < quota``): the database serialises concurrent acceptances, so the count can
never pass the quota, on SQLite and PostgreSQL alike; a CHECK constraint backs it up.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes.models import Programme
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, programme_id: uuid.UUID) -> Programme | None:
    """The programme as stored now (its quota may have moved since this session last read it)."""
    return await session.get(Programme, programme_id, populate_existing=True)


async def every(session: AsyncSession) -> Sequence[Programme]:
    return (await session.scalars(select(Programme))).all()


async def search(session: AsyncSession, params: PageParams) -> tuple[list[Programme], int]:
    return await paginate(
        session, select(Programme).order_by(Programme.starts_on.desc(), Programme.id), params
    )


async def take_place(session: AsyncSession, programme_id: uuid.UUID) -> bool:
    """Take one place of the quota; False when none is left."""
    result = await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used < Programme.quota)
        .values(quota_used=Programme.quota_used + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def set_quota(session: AsyncSession, programme_id: uuid.UUID, quota: int) -> bool:
    """Set the quota unless more places are used than it allows, in one conditional UPDATE (so an
    acceptance at the same moment cannot slip under it); False when refused."""
    result = await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used <= quota)
        .values(quota=quota)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def release_place(session: AsyncSession, programme_id: uuid.UUID) -> None:
    await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used > 0)
        .values(quota_used=Programme.quota_used - 1)
    )
