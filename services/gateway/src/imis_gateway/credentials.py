"""How the gateway stores the secrets it checks: argon2id hashes of passwords and client
secrets, SHA-256 hashes of the random tokens it hands out (refresh and verification tokens)."""

from __future__ import annotations

import asyncio
import hashlib
import os

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class Passwords:
    """argon2id hashing with tunable cost (lower only in tests).

    A hash at the default cost takes about 100 ms of CPU and 64 MiB: it runs in a worker thread
    (argon2 releases the GIL), so that a sign-in does not hold every other request of the gateway,
    and at most ``concurrent`` at once (one per core, at most four), which bounds the memory.
    """

    def __init__(
        self, time_cost: int = 3, memory_cost_kib: int = 65536, concurrent: int | None = None
    ) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib)
        # Verified against when the account does not exist, so that timing does
        # not tell an attacker which emails are registered.
        self._dummy_hash = self._hasher.hash("imis-dummy-password-for-timing")
        self._slots = asyncio.Semaphore(concurrent or min(4, os.cpu_count() or 1))

    async def hash(self, password: str) -> str:
        async with self._slots:
            return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        async with self._slots:
            return await asyncio.to_thread(self._verify_now, password_hash, password)

    def _verify_now(self, password_hash: str | None, password: str) -> bool:
        try:
            return (
                self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)


def hash_token(token: str) -> str:
    """A long random token is stored as its SHA-256: enough for a secret nobody can guess."""
    return hashlib.sha256(token.encode()).hexdigest()
