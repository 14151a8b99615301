"""Queries on members: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import Select, and_, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_diaspora.members.models import (
    CONSENT_COLUMNS,
    ConsentEvent,
    ConsentPurpose,
    Member,
    MemberLanguage,
    MemberSkill,
)
from imis_diaspora.reference import Sector
from imis_shared.db import utcnow
from imis_shared.pagination import PageParams, paginate


@dataclass(frozen=True)
class MemberFilter:
    residence_country: str | None = None
    city: str | None = None
    occupation_id: str | None = None
    isco: str | None = None
    skill: str | None = None
    sector: Sector | None = None
    education_level: int | None = None
    language: str | None = None
    consent: ConsentPurpose | None = None


def with_details(statement: Select[Member]) -> Select[Member]:
    return statement.options(selectinload(Member.skills), selectinload(Member.languages)).execution_options(
        populate_existing=True
    )


async def by_user(session: AsyncSession, user_id: str, *, details: bool = True) -> Member | None:
    """The user's member record; without ``details`` its skills and languages are not loaded."""
    statement = select(Member).where(Member.user_id == user_id)
    return await session.scalar(with_details(statement) if details else statement)


async def unclaimed_by_email(session: AsyncSession, email: str) -> Member | None:
    return await session.scalar(select(Member).where(Member.email == email, Member.user_id.is_(None)))


async def attach_user(session: AsyncSession, member_id: uuid.UUID, user_id: str) -> bool:
    """Give the record its user unless someone got there first (conditional update)."""
    result = await session.execute(
        update(Member)
        .where(Member.id == member_id, Member.user_id.is_(None))
        .values(user_id=user_id, updated_at=utcnow())
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def by_id(session: AsyncSession, member_id: uuid.UUID) -> Member | None:
    return await session.scalar(with_details(select(Member).where(Member.id == member_id)))


async def email_taken(session: AsyncSession, email: str, other_than: uuid.UUID | None) -> bool:
    holder = exists().where(Member.email == email)
    if other_than is not None:
        holder = holder.where(Member.id != other_than)
    return bool(await session.scalar(select(holder)))


def filtered(where: MemberFilter) -> Select[Member]:
    statement = select(Member).order_by(Member.full_name, Member.id)
    if where.residence_country:
        statement = statement.where(Member.residence_country == where.residence_country)
    if where.city:
        statement = statement.where(func.lower(Member.residence_city) == where.city.lower())
    if where.occupation_id:
        statement = statement.where(Member.occupation_id == where.occupation_id)
    if where.isco:
        statement = statement.where(Member.isco_code.startswith(where.isco))
    if where.skill:
        statement = statement.where(
            exists().where(MemberSkill.member_id == Member.id, MemberSkill.skill_id == where.skill)
        )
    if where.sector:
        statement = statement.where(Member.sector == where.sector)
    if where.education_level is not None:
        statement = statement.where(Member.education_level == where.education_level)
    if where.language:
        statement = statement.where(
            exists().where(MemberLanguage.member_id == Member.id, MemberLanguage.language == where.language)
        )
    if where.consent:
        statement = statement.where(getattr(Member, CONSENT_COLUMNS[where.consent]).is_(True))
    return statement


async def search(session: AsyncSession, where: MemberFilter, params: PageParams) -> tuple[list[Member], int]:
    return await paginate(session, with_details(filtered(where)), params)


async def stream(session: AsyncSession, where: MemberFilter, batch: int = 500) -> AsyncIterator[Member]:
    """Every member matching ``where``, in batches (for exports).

    Each batch starts after the last (name, id) of the one before, the list's own order, so no
    batch reads and skips the rows before it as an OFFSET would (quadratic over a large export).
    """
    statement = with_details(filtered(where)).limit(batch)
    page = statement
    while True:
        rows = (await session.scalars(page)).all()
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        last = rows[-1]
        page = statement.where(
            or_(
                Member.full_name > last.full_name,
                and_(Member.full_name == last.full_name, Member.id > last.id),
            )
        )


async def consent_history(session: AsyncSession, member_id: uuid.UUID) -> list[ConsentEvent]:
    statement = (
        select(ConsentEvent)
        .where(ConsentEvent.member_id == member_id)
        .order_by(ConsentEvent.recorded_at, ConsentEvent.id)
    )
    return list((await session.scalars(statement)).all())
