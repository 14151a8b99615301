"""Saved searches: a seeker keeps up to a limit of vacancy searches; when a vacancy is published
(``vacancy.published``, handled by the service's own event consumer, so publishing stays fast), every
saved search whose filters list it records the match once and tells the person, at once or in the next
daily digest. A vacancy closed before the alert is handled alerts no one."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import notifications
from imis_jobs.config import JobsSettings
from imis_jobs.saved_searches import repository
from imis_jobs.saved_searches.models import AlertFrequency, SavedSearch, SavedSearchMatch
from imis_jobs.saved_searches.schemas import SavedSearchIn, SearchFilters
from imis_jobs.vacancies import repository as vacancies
from imis_shared.db import Database, utcnow
from imis_shared.errors import Conflict, NotFound
from imis_shared.events import Event
from imis_shared.settings import ServiceSettings

logger = logging.getLogger("imis.saved_searches")

DIGEST_EVERY = timedelta(days=1)


def vacancy_filters(saved: dict[str, Any]) -> vacancies.VacancyFilters:
    filters = SearchFilters.model_validate(saved)
    return vacancies.VacancyFilters(
        q=filters.q,
        occupation_id=filters.occupation,
        isco=filters.isco,
        country=filters.country,
        contract_type=filters.contract_type,
        language=filters.language,
        programme_id=filters.programme,
    )


async def save(session: AsyncSession, user_id: str, data: SavedSearchIn, limit: int) -> SavedSearch:
    if await repository.count_for(session, user_id) >= limit:
        raise Conflict(
            f"A person keeps at most {limit} saved searches; delete one first.", reason="saved_search_limit"
        )
    saved = SavedSearch(
        id=uuid.uuid4(),
        user_id=user_id,
        name=data.name,
        frequency=data.frequency,
        filters=data.filters.model_dump(mode="json", exclude_none=True),
        created_at=utcnow(),
    )
    session.add(saved)
    await session.flush()
    return saved


async def get_own(session: AsyncSession, user_id: str, search_id: uuid.UUID) -> SavedSearch:
    found = await repository.own(session, user_id, search_id)
    if found is None:
        raise NotFound("No such saved search.")
    return found


async def remove(session: AsyncSession, user_id: str, search_id: uuid.UUID) -> None:
    await session.delete(await get_own(session, user_id, search_id))
    await session.flush()


async def forget_person(session: AsyncSession, user_id: str) -> None:
    """A deleted account: its saved searches and their matches."""
    await repository.delete_for(session, user_id)


async def alert(session: AsyncSession, event: Event) -> None:
    """The handler of ``vacancy.published``: each saved search that lists the vacancy now records it
    once, and an instant one tells its owner."""
    vacancy_id = uuid.UUID(str(event.data["vacancy_id"]))
    vacancy = await vacancies.get(session, vacancy_id)
    if vacancy is None:
        return
    now = utcnow()
    told_before = await repository.searches_matched(session, vacancy_id)  # published again: told once
    for saved in await repository.every(session):
        if saved.id in told_before:
            continue
        if not await vacancies.publicly_matches(session, vacancy_id, vacancy_filters(saved.filters)):
            continue
        instant = saved.frequency is AlertFrequency.INSTANT
        session.add(
            SavedSearchMatch(
                search_id=saved.id, vacancy_id=vacancy_id, matched_at=now, told_at=now if instant else None
            )
        )
        if instant:
            await notifications.tell(
                session,
                saved.user_id,
                notifications.VACANCY_ALERT,
                search_id=str(saved.id),
                vacancy_id=str(vacancy_id),
                vacancy=vacancy.title,
            )
    await session.flush()


async def send_digests(database: Database) -> int:
    """One notification per daily search with new matches since its last digest; how many went."""
    now = utcnow()
    async with await database.write_session() as session:
        due = await repository.due_digests(session, now - DIGEST_EVERY)
        for saved in due:
            count = await repository.tell_untold(session, saved.id, now)
            saved.digest_sent_at = now
            await notifications.tell(
                session,
                saved.user_id,
                notifications.VACANCY_DIGEST,
                search_id=str(saved.id),
                count=str(count),
            )
        await session.commit()
    return len(due)


async def run_digests(database: Database, settings: ServiceSettings) -> None:
    """The daily digests, checked every few minutes, until cancelled (the jobs event worker runs it)."""
    assert isinstance(settings, JobsSettings)
    while True:
        try:
            await send_digests(database)
        except Exception:
            logger.exception("the saved-search digests failed; again shortly")
        await asyncio.sleep(settings.saved_search_digest_poll_seconds)
