"""Queries on contribution offers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member
from imis_diaspora.offers.models import ContributionOffer, OfferType, WorkMode
from imis_diaspora.reference import Sector
from imis_shared.pagination import PageParams


@dataclass(frozen=True)
class OfferFilter:
    type: OfferType | None = None
    sector: Sector | None = None
    mode: WorkMode | None = None
    currency: str | None = None
    residence_country: str | None = None
    member_id: uuid.UUID | None = None


async def by_id(session: AsyncSession, offer_id: uuid.UUID) -> ContributionOffer | None:
    return await session.get(ContributionOffer, offer_id)


async def search(
    session: AsyncSession, where: OfferFilter, params: PageParams
) -> tuple[list[tuple[ContributionOffer, Member]], int]:
    statement = (
        select(ContributionOffer, Member)
        .join(Member, Member.id == ContributionOffer.member_id)
        .order_by(ContributionOffer.created_at.desc(), ContributionOffer.id)
    )
    if where.type:
        statement = statement.where(ContributionOffer.type == where.type)
    if where.sector:
        statement = statement.where(ContributionOffer.sector == where.sector)
    if where.mode:
        statement = statement.where(ContributionOffer.mode == where.mode)
    if where.currency:
        statement = statement.where(ContributionOffer.currency == where.currency)
    if where.residence_country:
        statement = statement.where(Member.residence_country == where.residence_country)
    if where.member_id:
        statement = statement.where(ContributionOffer.member_id == where.member_id)
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = await session.execute(statement.limit(params.limit).offset(params.offset))
    return [(offer, member) for offer, member in rows.all()], int(total or 0)


async def of_member(session: AsyncSession, member_id: uuid.UUID) -> list[ContributionOffer]:
    statement = (
        select(ContributionOffer)
        .where(ContributionOffer.member_id == member_id)
        .order_by(ContributionOffer.created_at, ContributionOffer.id)
    )
    return list((await session.scalars(statement)).all())
