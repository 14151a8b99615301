"""Which redirect URIs a public client may register, and when a requested one matches (RFC 8252).

Pure rules, no I/O. A registered URI is matched exactly, character for character, with one
exception RFC 8252 §7.3 makes for native apps: an ``http`` redirect to a loopback IP literal
(``127.0.0.1`` or ``[::1]``) matches whatever port the app was given by its operating system at
run time, the rest of the URI still exact. Accepted for registration:

- ``https://`` URIs (web front-ends);
- ``http://`` URIs only on a loopback host (``127.0.0.1``, ``[::1]``, or ``localhost`` for a
  developer's web front-end; ``localhost`` is matched exactly, port included);
- private-use URI schemes of native apps (RFC 8252 §7.1), which must be reverse domain names
  (``org.example.app:/callback``), so they contain a dot.

Never a fragment, user information or a wildcard.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, urlsplit

LOOPBACK_IPS = frozenset({"127.0.0.1", "::1"})
LOOPBACK_HOSTS = LOOPBACK_IPS | {"localhost"}
MAX_URI_LENGTH = 512
_PRIVATE_SCHEME = re.compile(r"^[a-z][a-z0-9+\-]*(\.[a-z0-9+\-]+)+$")


def _split(uri: str) -> SplitResult | None:
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        return None
    return parts


def registration_problem(uri: str) -> str | None:
    """Why ``uri`` cannot be registered as a redirect URI, or None when it can."""
    if len(uri) > MAX_URI_LENGTH:
        return f"longer than {MAX_URI_LENGTH} characters"
    if any(character.isspace() or character in "*<>\"'" for character in uri):
        return "contains a space, a quote, an angle bracket or a wildcard"
    parts = _split(uri)
    if parts is None or not parts.scheme:
        return "not an absolute URI"
    if "#" in uri:
        return "contains a fragment"
    if parts.scheme in {"http", "https"}:
        if not parts.hostname:
            return "has no host"
        if "@" in parts.netloc:
            return "contains user information"
        if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
            return "http is allowed only on a loopback host (127.0.0.1, [::1], localhost); use https"
        return None
    if not _PRIVATE_SCHEME.match(parts.scheme):
        return "a private-use scheme must be a reverse domain name, e.g. org.example.app:/callback"
    return None


def is_loopback_ip(parts: SplitResult) -> bool:
    return parts.scheme == "http" and parts.hostname in LOOPBACK_IPS


def matches(registered: str, requested: str) -> bool:
    """True when ``requested`` is the registered redirect URI (loopback IPs: whatever the port)."""
    if requested == registered:
        return True
    ours, theirs = _split(registered), _split(requested)
    if ours is None or theirs is None or not is_loopback_ip(ours):
        return False
    return (
        theirs.scheme == "http"
        and theirs.hostname == ours.hostname
        and theirs.path == ours.path
        and theirs.query == ours.query
        and not theirs.fragment
        and "@" not in theirs.netloc
    )


def registered_match(registered: list[str], requested: str) -> bool:
    return any(matches(uri, requested) for uri in registered)
