"""Telling a member what happened: the diaspora service asks the gateway, in the same transaction as
the change, to notify the account (docs/notifications.md)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora import SERVICE
from imis_diaspora.models import EVENT_TABLES
from imis_shared.events import request_notification

PLEDGE_CONFIRMED = "pledge_confirmed"
PROJECT_UPDATED = "project_updated"


async def tell(session: AsyncSession, user_id: str | None, kind: str, **params: str) -> None:
    """Notify the account ``user_id``; nobody to tell for an imported record no one has claimed."""
    await request_notification(session, EVENT_TABLES, SERVICE, user_id, kind, **params)
