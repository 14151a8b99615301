"""Queries on country profiles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.countries.models import Country, CountryRole
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, code: str) -> Country | None:
    return await session.get(Country, code)


async def listing(
    session: AsyncSession, params: PageParams, *, role: CountryRole | None
) -> tuple[list[Country], int]:
    statement = select(Country).order_by(Country.code)
    if role is not None:
        statement = statement.where(Country.role == role)
    return await paginate(session, statement, params)
