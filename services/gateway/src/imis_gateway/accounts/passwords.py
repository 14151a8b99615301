"""Password hashing (argon2id) and the password policy."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 10
MAX_LENGTH = 256


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The ~30,000 most common passwords of the zxcvbn project's leaked-password list."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def policy_violation(password: str, email: str) -> str | None:
    """Why ``password`` is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"The password must have at most {MAX_LENGTH} characters."
    lowered = password.lower()
    if lowered == email.lower() or lowered == email.split("@", 1)[0].lower():
        return "The password must not be your email address."
    if lowered in common_passwords():
        return "This password is one of the most common passwords; choose another."
    if len(set(password)) < 4:
        return "The password repeats too few different characters."
    return None


class Passwords:
    """argon2id hashing with tunable cost (lower only in tests)."""

    def __init__(self, time_cost: int = 3, memory_cost_kib: int = 65536) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib)
        # Verified against when the account does not exist, so that timing does
        # not tell an attacker which emails are registered.
        self._dummy_hash = self._hasher.hash("imis-dummy-password-for-timing")

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return (
                self._hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self._hasher.check_needs_rehash(password_hash)
