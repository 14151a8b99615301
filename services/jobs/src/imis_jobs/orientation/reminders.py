"""Reminding workers of their pre-departure orientation session: the jobs event worker looks every
few minutes for sessions starting within `IMIS_JOBS_ORIENTATION_REMINDER_HOURS` and asks the gateway
to tell each enrolled worker once (docs/notifications.md)."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from imis_jobs import notifications
from imis_jobs.config import JobsSettings
from imis_jobs.orientation import repository
from imis_jobs.orientation.models import SessionMode
from imis_shared.db import Database, utcnow
from imis_shared.settings import ServiceSettings

logger = logging.getLogger("imis.orientation")


async def send_reminders(database: Database, ahead: timedelta) -> int:
    """Remind every worker enrolled in a session starting within ``ahead``, once; how many."""
    now = utcnow()
    sent = 0
    async with await database.write_session() as session:
        for due in await repository.due_reminders(session, now, now + ahead):
            if not await repository.mark_reminded(session, due.enrolment_id, now):
                continue
            await notifications.tell(
                session,
                due.user_id,
                notifications.ORIENTATION_REMINDER,
                session_id=str(due.session_id),
                course=due.course,
                starts_at=due.starts_at.strftime("%Y-%m-%d %H:%M UTC"),
                place=due.place if due.mode is SessionMode.IN_PERSON and due.place else "online",
            )
            sent += 1
        await session.commit()
    return sent


async def run_reminders(database: Database, settings: ServiceSettings) -> None:
    """The reminders, until cancelled (the jobs event worker runs it)."""
    assert isinstance(settings, JobsSettings)
    ahead = timedelta(hours=settings.orientation_reminder_hours)
    while True:
        try:
            await send_reminders(database, ahead)
        except Exception:
            logger.exception("the orientation reminders failed; again shortly")
        await asyncio.sleep(settings.orientation_reminder_poll_seconds)
