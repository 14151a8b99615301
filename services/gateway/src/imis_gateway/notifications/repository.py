"""Queries on notifications, their deliveries and preferences: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts.models import UserAccount
from imis_gateway.notifications.models import Delivery, DeliveryStatus, Notification, Preferences
from imis_shared.pagination import PageParams, paginate


async def preferences(session: AsyncSession, user_id: uuid.UUID) -> Preferences | None:
    return await session.get(Preferences, user_id)


async def inbox(
    session: AsyncSession, user_id: uuid.UUID, params: PageParams, *, unread: bool | None
) -> tuple[list[Notification], int]:
    statement: Select[Notification] = select(Notification).where(Notification.user_id == user_id)
    if unread is not None:
        statement = statement.where(
            Notification.read_at.is_(None) if unread else Notification.read_at.is_not(None)
        )
    return await paginate(
        session, statement.order_by(Notification.created_at.desc(), Notification.id), params
    )


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    statement = select(func.count()).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return int(await session.scalar(statement) or 0)


async def own(session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification | None:
    return await session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.user_id == user_id)
    )


async def mark_all_read(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> int:
    result = await session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def every_for(session: AsyncSession, user_id: uuid.UUID) -> list[tuple[Notification, list[Delivery]]]:
    """A person's notifications with their deliveries, oldest first (their data export)."""
    notifications = (
        await session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.created_at)
        )
    ).all()
    deliveries = (
        await session.scalars(
            select(Delivery)
            .where(Delivery.notification_id.in_([n.id for n in notifications]))
            .order_by(Delivery.channel)
        )
    ).all()
    return [(n, [d for d in deliveries if d.notification_id == n.id]) for n in notifications]


async def due(session: AsyncSession, now: datetime, limit: int) -> Sequence[uuid.UUID]:
    statement = (
        select(Delivery.id)
        .where(Delivery.status == DeliveryStatus.PENDING, Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def claim(session: AsyncSession, delivery_id: uuid.UUID, now: datetime, until: datetime) -> bool:
    """Take a due delivery for this worker until ``until``: one conditional UPDATE, so two workers
    never send the same one; a worker that dies lets its claim lapse and another sends it."""
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.next_attempt_at <= now,
        )
        .values(next_attempt_at=until)
    )
    return bool(getattr(result, "rowcount", 0))


async def delivery_context(
    session: AsyncSession, delivery_id: uuid.UUID
) -> tuple[Delivery, Notification, UserAccount, Preferences | None] | None:
    row = (
        await session.execute(
            select(Delivery, Notification, UserAccount, Preferences)
            .join(Notification, Notification.id == Delivery.notification_id)
            .join(UserAccount, UserAccount.id == Notification.user_id)
            .outerjoin(Preferences, Preferences.user_id == UserAccount.id)
            .where(Delivery.id == delivery_id)
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1], row[2], row[3])


async def deliveries(
    session: AsyncSession, params: PageParams, *, status: DeliveryStatus | None
) -> tuple[list[tuple[Delivery, Notification]], int]:
    statement = select(Delivery, Notification).join(Notification, Notification.id == Delivery.notification_id)
    if status is not None:
        statement = statement.where(Delivery.status == status)
    total = int(await session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    rows = await session.execute(
        statement.order_by(Delivery.next_attempt_at.desc(), Delivery.id)
        .limit(params.limit)
        .offset(params.offset)
    )
    return [(row[0], row[1]) for row in rows], total


async def settle(session: AsyncSession, delivery_id: uuid.UUID, outcome: dict[str, object]) -> None:
    await session.execute(update(Delivery).where(Delivery.id == delivery_id).values(**outcome))
