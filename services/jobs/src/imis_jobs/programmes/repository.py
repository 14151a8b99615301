"""Queries on programmes, their seasons and reserved quotas: the only place that builds them.

Each place is taken with one conditional UPDATE (``quota_used = quota_used + 1 WHERE quota_used <
quota``): the database serialises concurrent acceptances, so a count can never pass its quota, on
SQLite and PostgreSQL alike; a CHECK constraint backs each up. What spans rows (the places reserved
per citizenship against the programme's quota) is decided holding the programme's row lock
(``lock``), which every acceptance, withdrawal and change of a reserved quota takes first: one order
of locks (programme, then reserved quota, then season), so no two of them deadlock.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes.models import CitizenshipQuota, Programme, Season
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


async def lock(session: AsyncSession, programme_id: uuid.UUID) -> None:
    """Hold the programme's row until the transaction ends (PostgreSQL; SQLite's write transactions
    are serial already). The statements after it read what others committed before."""
    await session.execute(select(Programme.id).where(Programme.id == programme_id).with_for_update())


def _free_reserved(programme_id: Any) -> ColumnElement[int]:
    """Reserved places of a programme not used yet: places no one else may take."""
    free = func.coalesce(func.sum(CitizenshipQuota.quota - CitizenshipQuota.quota_used), 0)
    return select(free).where(CitizenshipQuota.programme_id == programme_id).scalar_subquery()


async def free_reserved(session: AsyncSession, programme_id: uuid.UUID) -> int:
    return int(await session.scalar(select(_free_reserved(programme_id))) or 0)


async def take_place(session: AsyncSession, programme_id: uuid.UUID) -> bool:
    """Take one place of the quota for a citizen holding a reserved one; False when none is left."""
    result = await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used < Programme.quota)
        .values(quota_used=Programme.quota_used + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def take_unreserved_place(session: AsyncSession, programme_id: uuid.UUID) -> bool:
    """Take one place no citizenship has reserved; False when none is left."""
    result = await session.execute(
        update(Programme)
        .where(
            Programme.id == programme_id,
            Programme.quota_used + _free_reserved(Programme.id) < Programme.quota,
        )
        .values(quota_used=Programme.quota_used + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def set_quota(session: AsyncSession, programme_id: uuid.UUID, quota: int) -> bool:
    """Set the quota unless the places used and those still reserved need more, in one conditional
    UPDATE (so an acceptance at the same moment cannot slip under it); False when refused."""
    result = await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used + _free_reserved(Programme.id) <= quota)
        .values(quota=quota)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def release_place(session: AsyncSession, programme_id: uuid.UUID) -> None:
    await session.execute(
        update(Programme)
        .where(Programme.id == programme_id, Programme.quota_used > 0)
        .values(quota_used=Programme.quota_used - 1)
    )


# Seasons


async def season(session: AsyncSession, season_id: uuid.UUID) -> Season | None:
    return await session.get(Season, season_id, populate_existing=True)


async def season_named(session: AsyncSession, programme_id: uuid.UUID, name: str) -> Season | None:
    return await session.scalar(
        select(Season).where(Season.programme_id == programme_id, Season.name == name)
    )


def _seasons(programme_ids: Sequence[uuid.UUID]) -> Select[Season]:
    return (
        select(Season)
        .where(Season.programme_id.in_(programme_ids))
        .order_by(Season.starts_on, Season.name, Season.id)
    )


async def seasons_of(
    session: AsyncSession, programme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Season]]:
    """The seasons of several programmes in one query, the earliest first."""
    grouped: dict[uuid.UUID, list[Season]] = {programme_id: [] for programme_id in programme_ids}
    if programme_ids:
        for found in await session.scalars(_seasons(programme_ids)):
            grouped[found.programme_id].append(found)
    return grouped


async def search_seasons(
    session: AsyncSession, programme_id: uuid.UUID, params: PageParams
) -> tuple[list[Season], int]:
    return await paginate(session, _seasons([programme_id]), params)


async def take_season_place(session: AsyncSession, season_id: uuid.UUID) -> bool:
    result = await session.execute(
        update(Season)
        .where(Season.id == season_id, Season.quota_used < Season.quota)
        .values(quota_used=Season.quota_used + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def set_season_quota(session: AsyncSession, season_id: uuid.UUID, quota: int) -> bool:
    result = await session.execute(
        update(Season).where(Season.id == season_id, Season.quota_used <= quota).values(quota=quota)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def release_season_place(session: AsyncSession, season_id: uuid.UUID) -> None:
    await session.execute(
        update(Season)
        .where(Season.id == season_id, Season.quota_used > 0)
        .values(quota_used=Season.quota_used - 1)
    )


# Places reserved per citizenship


async def citizenship_quota(
    session: AsyncSession, programme_id: uuid.UUID, citizenship: str
) -> CitizenshipQuota | None:
    statement = select(CitizenshipQuota).where(
        CitizenshipQuota.programme_id == programme_id, CitizenshipQuota.citizenship == citizenship
    )
    return await session.scalar(statement.execution_options(populate_existing=True))


def _citizenship_quotas(programme_ids: Sequence[uuid.UUID]) -> Select[CitizenshipQuota]:
    return (
        select(CitizenshipQuota)
        .where(CitizenshipQuota.programme_id.in_(programme_ids))
        .order_by(CitizenshipQuota.citizenship)
    )


async def citizenship_quotas_of(
    session: AsyncSession, programme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[CitizenshipQuota]]:
    """The reserved quotas of several programmes in one query, by country code."""
    grouped: dict[uuid.UUID, list[CitizenshipQuota]] = {programme_id: [] for programme_id in programme_ids}
    if programme_ids:
        for found in await session.scalars(_citizenship_quotas(programme_ids)):
            grouped[found.programme_id].append(found)
    return grouped


async def search_citizenship_quotas(
    session: AsyncSession, programme_id: uuid.UUID, params: PageParams
) -> tuple[list[CitizenshipQuota], int]:
    return await paginate(session, _citizenship_quotas([programme_id]), params)


async def take_reserved_place(session: AsyncSession, quota_id: uuid.UUID) -> bool:
    result = await session.execute(
        update(CitizenshipQuota)
        .where(CitizenshipQuota.id == quota_id, CitizenshipQuota.quota_used < CitizenshipQuota.quota)
        .values(quota_used=CitizenshipQuota.quota_used + 1)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def set_reserved_quota(session: AsyncSession, quota_id: uuid.UUID, quota: int) -> bool:
    result = await session.execute(
        update(CitizenshipQuota)
        .where(CitizenshipQuota.id == quota_id, CitizenshipQuota.quota_used <= quota)
        .values(quota=quota)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def release_reserved_place(session: AsyncSession, quota_id: uuid.UUID) -> None:
    await session.execute(
        update(CitizenshipQuota)
        .where(CitizenshipQuota.id == quota_id, CitizenshipQuota.quota_used > 0)
        .values(quota_used=CitizenshipQuota.quota_used - 1)
    )
