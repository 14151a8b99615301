"""The jobs service's part in the events between services (imis_shared.events): it erases a deleted
account's data and tells the gateway it has (docs/privacy.md lists what goes and what stays)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import SERVICE
from imis_jobs.applications import repository as applications
from imis_jobs.employers import service as employers
from imis_jobs.models import EVENT_TABLES
from imis_jobs.orientation import reminders
from imis_jobs.saved_searches import service as saved_searches
from imis_jobs.seekers import repository as seeker_records
from imis_jobs.seekers import service as seekers
from imis_jobs.welfare import service as welfare
from imis_shared.db import utcnow
from imis_shared.events import VACANCY_PUBLISHED, EventSetup, Handler, account_erasure


async def erase_account(session: AsyncSession, account_id: str) -> None:
    """The person's seeker profile and everything attached to it (their placements stay in the
    statistics, anonymised), their memberships of employers,
    their name and contact on welfare cases, and their failed claim codes."""
    seeker = await seeker_records.by_user(session, account_id)
    await welfare.forget_person(session, account_id, seeker.id if seeker is not None else None)
    if seeker is not None:
        await applications.keep_placements_anonymised(session, seeker.id, utcnow())
        await seekers.erase(session, seeker)
    await employers.remove_memberships(session, account_id)
    await seeker_records.forget_claim_failures_before(session, account_id, utcnow())
    await saved_searches.forget_person(session, account_id)


EVENT_SETUP = EventSetup(
    source=SERVICE,
    tables=EVENT_TABLES,
    handlers=(
        account_erasure(SERVICE, EVENT_TABLES, erase_account),
        Handler("saved-search-alerts", VACANCY_PUBLISHED, saved_searches.alert),
    ),
    background=(saved_searches.run_digests, reminders.run_reminders),
)
