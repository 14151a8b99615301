"""Queries on offices."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.offices.models import Office, OfficeType
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, office_id: uuid.UUID) -> Office | None:
    return await session.get(Office, office_id)


def _filtered(country: str | None, city: str | None, type_: OfficeType | None) -> Select[Office]:
    statement = select(Office)
    if country is not None:
        statement = statement.where(Office.country == country)
    if city is not None:
        statement = statement.where(func.lower(Office.city) == city.lower())
    if type_ is not None:
        statement = statement.where(Office.type == type_)
    return statement


async def listing(
    session: AsyncSession,
    params: PageParams,
    *,
    country: str | None,
    city: str | None,
    type_: OfficeType | None,
) -> tuple[list[Office], int]:
    return await paginate(
        session, _filtered(country, city, type_).order_by(Office.country, Office.name, Office.id), params
    )


async def located(
    session: AsyncSession, *, country: str | None, type_: OfficeType | None
) -> Sequence[Office]:
    """Every office with coordinates (a directory: hundreds to a few thousand rows)."""
    statement = _filtered(country, None, type_).where(
        Office.latitude.is_not(None), Office.longitude.is_not(None)
    )
    return (await session.scalars(statement)).all()
