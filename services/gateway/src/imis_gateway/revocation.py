"""Access tokens that stop working at once, not at expiry.

An access token is checked by signature alone, so without this it would stay valid for up to its
lifetime (15 minutes by default) after the account is disabled, the session logged out, the
password changed, a role taken away or the machine client revoked. The gateway is the only public
entry and checks every token against this list:

- a **subject** revoked at time *t* refuses every token of that subject issued at or before *t*
  (disabling, a new password, a role revoked, a client revoked);
- a **session** (``sid``: the family of refresh tokens a sign-in started) revoked refuses every
  token of that session (logout).

An entry is kept for as long as a token issued before it could still be valid (the access-token
lifetime plus the verifier's leeway), so the list stays small. :class:`MemoryRevocations` serves one
gateway process; with ``IMIS_GATEWAY_REDIS_URL`` set, :class:`RedisRevocations` shares the list
between replicas. When Redis cannot be reached a signed-in request answers 503 rather than accept a
token that may have been revoked.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from imis_shared.errors import ServiceUnavailable

logger = logging.getLogger("imis.gateway.revocation")
T = TypeVar("T")


class Revocations(Protocol):
    async def revoke_subject(self, subject: str) -> None:
        """Refuse every token of ``subject`` issued until now."""

    async def revoke_session(self, session_id: str) -> None:
        """Refuse every token of the session ``session_id``."""

    async def is_revoked(self, subject: str, session_id: str | None, issued_at: float) -> bool: ...

    async def close(self) -> None: ...


class MemoryRevocations:
    def __init__(self, keep_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self._keep = keep_seconds
        self._clock = clock
        self._subjects: dict[str, tuple[float, float]] = {}  # subject: (revoked at, forget at)
        self._sessions: dict[str, float] = {}  # session: forget at

    def _forget_old(self, now: float) -> None:
        self._subjects = {key: entry for key, entry in self._subjects.items() if entry[1] > now}
        self._sessions = {key: forget for key, forget in self._sessions.items() if forget > now}

    async def revoke_subject(self, subject: str) -> None:
        now = self._clock()
        self._forget_old(now)
        self._subjects[subject] = (now, now + self._keep)

    async def revoke_session(self, session_id: str) -> None:
        now = self._clock()
        self._forget_old(now)
        self._sessions[session_id] = now + self._keep

    async def is_revoked(self, subject: str, session_id: str | None, issued_at: float) -> bool:
        now = self._clock()
        revoked = self._subjects.get(subject)
        if revoked is not None and revoked[1] > now and issued_at <= revoked[0]:
            return True
        return session_id is not None and self._sessions.get(session_id, 0.0) > now

    async def close(self) -> None:
        return None


class RedisRevocations:
    """The list in Redis: one key per revoked subject (its revocation time) or session, expiring
    when no token it could refuse is still valid."""

    def __init__(
        self, client: aioredis.Redis, prefix: str, keep_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._redis = client
        self._prefix = prefix
        self._keep_ms = int(keep_seconds * 1000)
        self._clock = clock

    @classmethod
    def from_url(cls, url: str, prefix: str, keep_seconds: float) -> RedisRevocations:
        return cls(aioredis.from_url(url, socket_timeout=2, socket_connect_timeout=2), prefix, keep_seconds)

    def _subject_key(self, subject: str) -> str:
        return f"{self._prefix}subject:{subject}"

    def _session_key(self, session_id: str) -> str:
        return f"{self._prefix}session:{session_id}"

    async def revoke_subject(self, subject: str) -> None:
        await self._run(self._redis.set(self._subject_key(subject), repr(self._clock()), px=self._keep_ms))

    async def revoke_session(self, session_id: str) -> None:
        await self._run(self._redis.set(self._session_key(session_id), "1", px=self._keep_ms))

    async def is_revoked(self, subject: str, session_id: str | None, issued_at: float) -> bool:
        keys = [self._subject_key(subject)] + ([self._session_key(session_id)] if session_id else [])
        values = await self._run(self._redis.mget(keys))
        revoked_at = values[0]
        if revoked_at is not None and issued_at <= float(revoked_at):
            return True
        return len(values) > 1 and values[1] is not None

    async def _run(self, command: Awaitable[T]) -> T:
        try:
            return await command
        except (RedisError, OSError):
            logger.warning("the token revocation list in Redis cannot be reached")
            raise ServiceUnavailable(
                "Signed-in requests cannot be checked right now; try again shortly.",
                headers={"Retry-After": "5"},
            ) from None

    async def close(self) -> None:
        await self._redis.aclose()
