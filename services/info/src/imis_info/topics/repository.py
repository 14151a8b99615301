"""Queries on topics."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.topics.models import Topic


async def get(session: AsyncSession, code: str) -> Topic | None:
    return await session.get(Topic, code)


async def all_topics(session: AsyncSession) -> Sequence[Topic]:
    return (await session.scalars(select(Topic).order_by(Topic.position, Topic.code))).all()


async def existing_codes(session: AsyncSession, codes: Collection[str]) -> set[str]:
    return set((await session.scalars(select(Topic.code).where(Topic.code.in_(codes)))).all())
