"""PKCE (RFC 7636), S256 only: the pure checks of a challenge and its verifier."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

# code_verifier = 43*128unreserved (§4.1); an S256 challenge is 43 base64url characters (§4.2).
VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
S256_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")
METHOD = "S256"


def s256(verifier: str) -> str:
    """BASE64URL(SHA256(ASCII(code_verifier))) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verifier_matches(verifier: str, challenge: str) -> bool:
    if not VERIFIER.match(verifier):
        return False
    return hmac.compare_digest(s256(verifier), challenge)
