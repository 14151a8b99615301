"""Queries on alerts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.alerts.models import Alert
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, alert_id: uuid.UUID) -> Alert | None:
    return await session.get(Alert, alert_id)


def _active(statement: Select[Alert], now: datetime) -> Select[Alert]:
    return statement.where(Alert.valid_from <= now, or_(Alert.valid_until.is_(None), Alert.valid_until > now))


async def listing(
    session: AsyncSession, params: PageParams, *, country: str | None, active_at: datetime | None
) -> tuple[list[Alert], int]:
    statement = select(Alert).order_by(Alert.valid_from.desc(), Alert.id)
    if country is not None:
        statement = statement.where(Alert.country == country)
    if active_at is not None:
        statement = _active(statement, active_at)
    return await paginate(session, statement, params)


async def active_for_country(session: AsyncSession, country: str, now: datetime) -> Sequence[Alert]:
    statement = _active(select(Alert).where(Alert.country == country), now).order_by(Alert.valid_from.desc())
    return (await session.scalars(statement)).all()
