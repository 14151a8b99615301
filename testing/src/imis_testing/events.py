"""Driving a service's event handlers as its event worker does, against the real test database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from imis_shared.db import Database, utcnow
from imis_shared.events import ACCOUNT_DELETED, NOTIFICATION_REQUESTED, Event, EventTables, Handler


def event(type_: str, data: Mapping[str, Any], source: str = "gateway") -> Event:
    """An event as a consumer decodes it."""
    return Event(id=uuid.uuid4(), type=type_, occurred_at=utcnow(), source=source, data=dict(data))


def account_deleted(account_id: str) -> Event:
    """``account.deleted`` as the gateway announces it, with a fresh request id."""
    return event(ACCOUNT_DELETED, {"account_id": account_id, "request_id": str(uuid.uuid4())})


async def deliver(database_url: str, handler: Handler, delivered: Event, *, commit: bool = True) -> None:
    """Run ``handler`` in one transaction, as the worker does; roll it back instead of committing when
    told (what the worker does when the handler or its commit fails)."""
    database = Database(database_url)
    try:
        async with database.sessionmaker() as session:
            await handler.handle(session, delivered)
            if commit:
                await session.commit()
            else:
                await session.rollback()
    finally:
        await database.dispose()


async def recorded(database_url: str, tables: EventTables) -> list[tuple[str, str]]:
    """Every event in the service's outbox: (type, payload), oldest first."""
    outbox = tables.outbox
    database = Database(database_url)
    try:
        async with database.sessionmaker() as session:
            rows = await session.execute(
                select(outbox.c.type, outbox.c.payload).order_by(outbox.c.created_at, outbox.c.id)
            )
            return [(row.type, row.payload) for row in rows]
    finally:
        await database.dispose()


async def notification_requests(database_url: str, tables: EventTables) -> list[dict[str, Any]]:
    """What the service asked the gateway to tell people (``notification.requested``), oldest first:
    each one's ``user_id``, ``kind`` and ``params``."""
    return [
        json.loads(payload)["data"]
        for kind, payload in await recorded(database_url, tables)
        if kind == NOTIFICATION_REQUESTED
    ]
