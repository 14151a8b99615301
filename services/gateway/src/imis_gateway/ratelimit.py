"""Sliding-window rate limits for login attempts.

In memory per process; a shared store for several replicas can implement the
same :class:`RateLimiter` protocol.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol


class RateLimiter(Protocol):
    async def retry_after(self, key: str, limit: int, window: float) -> int | None:
        """Seconds to wait if ``key`` already has ``limit`` hits in ``window``, else None."""

    async def hit(self, key: str, window: float) -> None:
        """Count one event for ``key``."""

    async def reset(self, key: str) -> None: ...


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

    async def retry_after(self, key: str, limit: int, window: float) -> int | None:
        async with self._lock:
            now = self._clock()
            hits = self._window(key, window, now)
            if len(hits) < limit:
                return None
            return max(1, math.ceil(hits[-limit] + window - now))

    async def hit(self, key: str, window: float) -> None:
        async with self._lock:
            now = self._clock()
            if len(self._hits) >= self._max_keys:
                self._evict(now, window)
            self._window(key, window, now).append(now)

    async def reset(self, key: str) -> None:
        async with self._lock:
            self._hits.pop(key, None)

    def _evict(self, now: float, window: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - window]:
            del self._hits[key]
