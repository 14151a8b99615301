"""Queries on saved searches and their matches: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.saved_searches.models import AlertFrequency, SavedSearch, SavedSearchMatch
from imis_shared.pagination import PageParams, paginate


async def count_for(session: AsyncSession, user_id: str) -> int:
    return int(await session.scalar(select(func.count()).where(SavedSearch.user_id == user_id)) or 0)


async def page_for(session: AsyncSession, user_id: str, params: PageParams) -> tuple[list[SavedSearch], int]:
    statement = select(SavedSearch).where(SavedSearch.user_id == user_id)
    return await paginate(session, statement.order_by(SavedSearch.created_at, SavedSearch.id), params)


async def match_counts(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    statement = (
        select(SavedSearchMatch.search_id, func.count())
        .where(SavedSearchMatch.search_id.in_(ids))
        .group_by(SavedSearchMatch.search_id)
    )
    return {search_id: int(count) for search_id, count in (await session.execute(statement)).all()}


async def own(session: AsyncSession, user_id: str, search_id: uuid.UUID) -> SavedSearch | None:
    return await session.scalar(
        select(SavedSearch).where(SavedSearch.id == search_id, SavedSearch.user_id == user_id)
    )


async def every(session: AsyncSession) -> Sequence[SavedSearch]:
    """Every saved search (a published vacancy is checked against each)."""
    return (await session.scalars(select(SavedSearch).order_by(SavedSearch.id))).all()


async def searches_matched(session: AsyncSession, vacancy_id: uuid.UUID) -> set[uuid.UUID]:
    """The saved searches that have already matched the vacancy."""
    statement = select(SavedSearchMatch.search_id).where(SavedSearchMatch.vacancy_id == vacancy_id)
    return set((await session.scalars(statement)).all())


async def due_digests(session: AsyncSession, before: datetime) -> Sequence[SavedSearch]:
    """Daily searches whose last digest is older than ``before`` and that have untold matches."""
    untold = select(SavedSearchMatch.search_id).where(SavedSearchMatch.told_at.is_(None))
    statement = select(SavedSearch).where(
        SavedSearch.frequency == AlertFrequency.DAILY,
        SavedSearch.id.in_(untold),
        (SavedSearch.digest_sent_at.is_(None)) | (SavedSearch.digest_sent_at < before),
    )
    return (await session.scalars(statement.order_by(SavedSearch.id))).all()


async def tell_untold(session: AsyncSession, search_id: uuid.UUID, now: datetime) -> int:
    """Mark a search's untold matches told; how many there were."""
    result = await session.execute(
        update(SavedSearchMatch)
        .where(SavedSearchMatch.search_id == search_id, SavedSearchMatch.told_at.is_(None))
        .values(told_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def delete_for(session: AsyncSession, user_id: str) -> None:
    await session.execute(delete(SavedSearch).where(SavedSearch.user_id == user_id))
