"""Sliding-window rate limits (logins, registrations).

:class:`MemoryRateLimiter` counts in the process: right for one gateway. With several
replicas each would count on its own and multiply the limit, so when
``IMIS_GATEWAY_REDIS_URL`` is set the gateway uses :class:`RedisRateLimiter`, whose
windows live in Redis (one sorted set per key, timed by the Redis server's clock so that
replicas need not agree on the time). :meth:`RateLimiter.acquire` checks and counts in
one step — a Lua script in Redis — so concurrent requests on different replicas cannot
all slip under the limit together.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from imis_shared.errors import ServiceUnavailable

logger = logging.getLogger("imis.gateway.ratelimit")


class RateLimiter(Protocol):
    async def retry_after(self, key: str, limit: int, window: float) -> int | None:
        """Seconds to wait if ``key`` already has ``limit`` hits in ``window``, else None."""

    async def acquire(self, key: str, limit: int, window: float) -> int | None:
        """Count one hit unless ``key`` is at its limit; then the seconds to wait."""

    async def hit(self, key: str, window: float) -> None:
        """Count one event for ``key``."""

    async def reset(self, key: str) -> None: ...

    async def check(self) -> str:
        """ "ok", or why the store cannot be used (for readiness)."""

    async def close(self) -> None: ...


class MemoryRateLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000) -> None:
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = asyncio.Lock()
        self._max_keys = max_keys

    def _window(self, key: str, window: float, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - window:
            hits.popleft()
        return hits

    def _wait(self, hits: deque[float], limit: int, window: float, now: float) -> int | None:
        if len(hits) < limit:
            return None
        return max(1, math.ceil(hits[-limit] + window - now))

    async def retry_after(self, key: str, limit: int, window: float) -> int | None:
        async with self._lock:
            now = self._clock()
            return self._wait(self._window(key, window, now), limit, window, now)

    async def acquire(self, key: str, limit: int, window: float) -> int | None:
        async with self._lock:
            now = self._clock()
            hits = self._window(key, window, now)
            wait = self._wait(hits, limit, window, now)
            if wait is None:
                self._count(key, window, now)
            return wait

    async def hit(self, key: str, window: float) -> None:
        async with self._lock:
            self._count(key, window, self._clock())

    def _count(self, key: str, window: float, now: float) -> None:
        if len(self._hits) >= self._max_keys:
            self._evict(now, window)
        self._window(key, window, now).append(now)

    async def reset(self, key: str) -> None:
        async with self._lock:
            self._hits.pop(key, None)

    async def check(self) -> str:
        return "ok"

    async def close(self) -> None:
        return None

    def _evict(self, now: float, window: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - window]:
            del self._hits[key]


# KEYS[1] the window's sorted set (member: unique id, score: time in ms).
# ARGV: limit (0 = count without checking), window ms, a unique member, now ms (or "" for Redis TIME).
# Returns 0 when counted (or, for a check, when under the limit), else the milliseconds to wait.
_WINDOW_SCRIPT = """
local now = tonumber(ARGV[4])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if limit > 0 then
  local count = redis.call('ZCARD', KEYS[1])
  if count >= limit then
    local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
    return math.max(1, tonumber(oldest[2]) + window - now)
  end
end
if ARGV[3] ~= '' then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
end
return 0
"""


class RedisRateLimiter:
    """Windows shared by every gateway replica through one Redis.

    When Redis cannot be reached the limited endpoints answer 503 rather than run
    without brute-force protection, and ``/ready`` reports it.
    """

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = "imis:gateway:ratelimit:",
        clock: Callable[[], float] | None = None,
    ) -> None:
        self._redis = client
        self._prefix = prefix
        self._clock = clock  # tests pass one; otherwise the Redis server's clock is used
        self._script: Any = client.register_script(_WINDOW_SCRIPT)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "imis:gateway:ratelimit:") -> RedisRateLimiter:
        client = aioredis.Redis.from_url(url, socket_connect_timeout=2.0, socket_timeout=2.0)
        return cls(client, prefix=prefix)

    async def _run(self, key: str, limit: int, window: float, member: str) -> int | None:
        now = "" if self._clock is None else str(int(self._clock() * 1000))
        try:
            waited = await self._script(
                keys=[self._prefix + key], args=[limit, max(1, int(window * 1000)), member, now]
            )
        except RedisError as error:
            logger.error("rate-limit store unavailable: %s", type(error).__name__)
            raise ServiceUnavailable(
                "Sign-in is unavailable for a moment; try again shortly.", headers={"Retry-After": "5"}
            ) from None
        milliseconds = int(waited)
        return None if milliseconds == 0 else max(1, math.ceil(milliseconds / 1000))

    async def retry_after(self, key: str, limit: int, window: float) -> int | None:
        return await self._run(key, limit, window, "")

    async def acquire(self, key: str, limit: int, window: float) -> int | None:
        return await self._run(key, limit, window, uuid.uuid4().hex)

    async def hit(self, key: str, window: float) -> None:
        await self._run(key, 0, window, uuid.uuid4().hex)

    async def reset(self, key: str) -> None:
        try:
            await self._redis.delete(self._prefix + key)
        except RedisError as error:
            logger.error("rate-limit store unavailable: %s", type(error).__name__)

    async def check(self) -> str:
        try:
            await self._redis.ping()
        except RedisError as error:
            return f"unreachable: {type(error).__name__}"
        return "ok"

    async def close(self) -> None:
        await self._redis.aclose()
