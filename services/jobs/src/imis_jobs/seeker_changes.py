"""Seeker profile writes, announced to the data derived from profiles.

The seeker service writes profiles; matching keeps its read model of them (``seeker_match_profile``
and ``seeker_match_language``) in step, in the same transaction, so matches never lag behind an
edit or a withdrawn consent. Matching reads the seekers' tables, so seekers must not import
matching: the seeker service announces each write here, and ``create_app`` subscribes matching's
refresh. Announcing with nobody subscribed raises instead of doing nothing, so code that writes
profiles without the app (a script, a test) cannot leave the read model silently stale. An erased
seeker needs no announcement: the derived rows' foreign keys cascade.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

# Called with the session of the write, after the changed profile was flushed.
ProfileListener = Callable[[AsyncSession, uuid.UUID], Awaitable[None]]

_listeners: list[ProfileListener] = []


def subscribe(listener: ProfileListener) -> None:
    """Have ``listener`` called after every profile write. Subscribing it again changes nothing
    (every app built in one process subscribes the same refresh)."""
    if listener not in _listeners:
        _listeners.append(listener)


async def profile_changed(session: AsyncSession, seeker_id: uuid.UUID) -> None:
    """Announce that the profile of ``seeker_id`` was created or changed and flushed in ``session``."""
    if not _listeners:
        raise RuntimeError(
            "Nothing keeps the data derived from seeker profiles: subscribe matching's refresh "
            "(imis_jobs.matching.repository.refresh_profile) first, as create_app does."
        )
    for listener in _listeners:
        await listener(session, seeker_id)
