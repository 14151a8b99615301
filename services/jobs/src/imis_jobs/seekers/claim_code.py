"""The one-time code a person types to claim the profile an officer registered for them.

An officer reads it out or writes it down at the labour office; the person types it on a phone.
So it uses an alphabet with no look-alikes (no 0/O, 1/I/L) and is shown in two groups of five,
``7KQ4M-XH2PA``; what the person types is read case-insensitively, with spaces and dashes ignored.

Ten characters from 31 give 31**10 ≈ 8.2e14 codes (49.5 bits): with, say, 100,000 profiles waiting
to be claimed at once, a guess hits one with a chance of about 1 in 8 billion, and a signed-in user
gets only ``service.MAX_FAILED_CLAIMS`` wrong guesses a day. Only the SHA-256 of the code is stored,
as for the gateway's tokens and employer invitations.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10
GROUP = 5
IGNORED = str.maketrans("", "", " -\t")


def new_code() -> str:
    """A fresh code, grouped for reading out: ``XXXXX-XXXXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:GROUP]}-{raw[GROUP:]}"


def normalise(typed: str) -> str:
    """The code as stored: upper case, without the spaces and dashes a person may type."""
    return typed.translate(IGNORED).upper()


def digest(typed: str) -> str:
    """What is stored of a code (and looked up with what a person typed)."""
    return hashlib.sha256(normalise(typed).encode()).hexdigest()
