"""The diaspora service's part in the events between services (imis_shared.events): it erases a
deleted account's member record and tells the gateway it has (docs/privacy.md)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora import SERVICE
from imis_diaspora.members import repository as member_records
from imis_diaspora.members import service as members
from imis_diaspora.models import EVENT_TABLES
from imis_shared.events import EventSetup, account_erasure


async def erase_account(session: AsyncSession, account_id: str) -> None:
    """The person's member record with its consents, skills, languages, offers and organisation
    links; pledges stay in their projects' totals, no longer linked to anyone."""
    member = await member_records.by_user(session, account_id, details=False)
    if member is not None:
        await members.erase(session, member)


EVENT_SETUP = EventSetup(
    source=SERVICE, tables=EVENT_TABLES, handlers=(account_erasure(SERVICE, EVENT_TABLES, erase_account),)
)
