"""Telling a person what happened to them: the jobs service asks the gateway, in the same
transaction as the change, to notify the account (docs/notifications.md)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import SERVICE
from imis_jobs.models import EVENT_TABLES
from imis_shared.events import request_notification

APPLICATION_STATUS_CHANGED = "application_status_changed"
INVITATION_RECEIVED = "invitation_received"
WELFARE_CASE_UPDATED = "welfare_case_updated"
VACANCY_ALERT = "vacancy_alert"
VACANCY_DIGEST = "vacancy_digest"
ORIENTATION_REMINDER = "orientation_reminder"
DOCUMENTS_NEEDED = "documents_needed"


async def tell(session: AsyncSession, user_id: str | None, kind: str, **params: str) -> None:
    """Notify the account ``user_id``; nobody to tell for a profile no account holds yet (a walk-in
    seeker an officer registered, until they claim it)."""
    await request_notification(session, EVENT_TABLES, SERVICE, user_id, kind, **params)
