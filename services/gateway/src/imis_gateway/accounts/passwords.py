"""The password policy: what a user may choose as a password (hashing is in credentials.py)."""

from __future__ import annotations

from functools import lru_cache

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
