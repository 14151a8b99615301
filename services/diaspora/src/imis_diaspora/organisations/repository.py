"""Queries on organisations and memberships."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.organisations.models import MemberOrganisation, Organisation, OrganisationStatus
from imis_shared.pagination import PageParams, paginate


async def by_id(session: AsyncSession, organisation_id: uuid.UUID) -> Organisation | None:
    return await session.get(Organisation, organisation_id)


async def search(
    session: AsyncSession, params: PageParams, *, status: OrganisationStatus | None, country: str | None
) -> tuple[list[Organisation], int]:
    statement = select(Organisation).order_by(Organisation.name, Organisation.id)
    if status:
        statement = statement.where(Organisation.status == status)
    if country:
        statement = statement.where(Organisation.country == country)
    return await paginate(session, statement, params)


async def of_member(session: AsyncSession, member_id: uuid.UUID) -> list[Organisation]:
    statement = (
        select(Organisation)
        .join(MemberOrganisation, MemberOrganisation.organisation_id == Organisation.id)
        .where(MemberOrganisation.member_id == member_id)
        .order_by(Organisation.name, Organisation.id)
    )
    return list((await session.scalars(statement)).all())


async def link(
    session: AsyncSession, member_id: uuid.UUID, organisation_id: uuid.UUID
) -> MemberOrganisation | None:
    return await session.get(MemberOrganisation, (member_id, organisation_id))
