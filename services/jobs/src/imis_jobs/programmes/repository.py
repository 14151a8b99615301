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

from sqlalchemy import ColumnElement, Select, Update, func, select, update
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


# What counts places: a programme, a season, a citizenship's reserved quota.
Counted = type[Programme] | type[Season] | type[CitizenshipQuota]


async def _one_row(session: AsyncSession, statement: Update) -> bool:
    """Run a conditional UPDATE of one row: whether its condition held."""
    return bool((await session.execute(statement)).rowcount == 1)  # type: ignore[attr-defined]


async def _take(
    session: AsyncSession, model: Counted, row_id: uuid.UUID, room: ColumnElement[bool] | None = None
) -> bool:
    """Take one place of ``model``'s row while ``room`` holds (default: a place is left)."""
    condition = room if room is not None else model.quota_used < model.quota
    return await _one_row(
        session, update(model).where(model.id == row_id, condition).values(quota_used=model.quota_used + 1)
    )


async def _set_quota(
    session: AsyncSession,
    model: Counted,
    row_id: uuid.UUID,
    quota: int,
    needed: ColumnElement[int] | None = None,
) -> bool:
    """Set the row's quota unless the places ``needed`` (default: those used) are more."""
    at_least = needed if needed is not None else model.quota_used
    return await _one_row(
        session, update(model).where(model.id == row_id, at_least <= quota).values(quota=quota)
    )


async def _release(session: AsyncSession, model: Counted, row_id: uuid.UUID) -> None:
    await session.execute(
        update(model).where(model.id == row_id, model.quota_used > 0).values(quota_used=model.quota_used - 1)
    )


async def _grouped(
    session: AsyncSession, statement: Select[Any], programme_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """The rows ``statement`` reads, by their programme (every one of ``programme_ids`` a key)."""
    grouped: dict[uuid.UUID, list[Any]] = {programme_id: [] for programme_id in programme_ids}
    if programme_ids:
        for found in await session.scalars(statement):
            grouped[found.programme_id].append(found)
    return grouped


def _free_reserved(programme_id: Any) -> ColumnElement[int]:
    """Reserved places of a programme not used yet: places no one else may take."""
    free = func.coalesce(func.sum(CitizenshipQuota.quota - CitizenshipQuota.quota_used), 0)
    return select(free).where(CitizenshipQuota.programme_id == programme_id).scalar_subquery()


async def free_reserved(session: AsyncSession, programme_id: uuid.UUID) -> int:
    return int(await session.scalar(select(_free_reserved(programme_id))) or 0)


async def take_place(session: AsyncSession, programme_id: uuid.UUID) -> bool:
    """Take one place of the quota for a citizen holding a reserved one; False when none is left."""
    return await _take(session, Programme, programme_id)


async def take_unreserved_place(session: AsyncSession, programme_id: uuid.UUID) -> bool:
    """Take one place no citizenship has reserved; False when none is left."""
    room = Programme.quota_used + _free_reserved(Programme.id) < Programme.quota
    return await _take(session, Programme, programme_id, room)


async def set_quota(session: AsyncSession, programme_id: uuid.UUID, quota: int) -> bool:
    """Set the quota unless the places used and those still reserved need more, in one conditional
    UPDATE (so an acceptance at the same moment cannot slip under it); False when refused."""
    needed = Programme.quota_used + _free_reserved(Programme.id)
    return await _set_quota(session, Programme, programme_id, quota, needed)


async def release_place(session: AsyncSession, programme_id: uuid.UUID) -> None:
    await _release(session, Programme, programme_id)


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
    return await _grouped(session, _seasons(programme_ids), programme_ids)


async def search_seasons(
    session: AsyncSession, programme_id: uuid.UUID, params: PageParams
) -> tuple[list[Season], int]:
    return await paginate(session, _seasons([programme_id]), params)


async def take_season_place(session: AsyncSession, season_id: uuid.UUID) -> bool:
    return await _take(session, Season, season_id)


async def set_season_quota(session: AsyncSession, season_id: uuid.UUID, quota: int) -> bool:
    return await _set_quota(session, Season, season_id, quota)


async def release_season_place(session: AsyncSession, season_id: uuid.UUID) -> None:
    await _release(session, Season, season_id)


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
    return await _grouped(session, _citizenship_quotas(programme_ids), programme_ids)


async def search_citizenship_quotas(
    session: AsyncSession, programme_id: uuid.UUID, params: PageParams
) -> tuple[list[CitizenshipQuota], int]:
    return await paginate(session, _citizenship_quotas([programme_id]), params)


async def take_reserved_place(session: AsyncSession, quota_id: uuid.UUID) -> bool:
    return await _take(session, CitizenshipQuota, quota_id)


async def set_reserved_quota(session: AsyncSession, quota_id: uuid.UUID, quota: int) -> bool:
    return await _set_quota(session, CitizenshipQuota, quota_id, quota)


async def release_reserved_place(session: AsyncSession, quota_id: uuid.UUID) -> None:
    await _release(session, CitizenshipQuota, quota_id)
