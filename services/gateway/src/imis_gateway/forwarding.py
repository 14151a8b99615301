"""The caller's address behind reverse proxies (``X-Forwarded-For`` or RFC 7239 ``Forwarded``).

Rate limits and the audit log key on the caller's address. Behind the ingress the TCP peer is the
ingress itself, so every caller would share one bucket; the proxies' header names the caller. But
anyone can send that header, so it is believed only as far as it was written by a proxy we trust:
walking the list from the right (each proxy appends the address it saw), trusted proxies are
skipped and the first address that is not one of them is the caller. What a caller wrote
themselves sits further left and is never reached. With no trusted proxies (the default) the TCP
peer is the address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
ForwardedHeader = Literal["x-forwarded-for", "forwarded"]

MAX_ADDRESS_LENGTH = 64  # the audit log's column


def _strip_port(value: str) -> str:
    value = value.strip().strip('"')
    if value.startswith("["):  # "[2001:db8::1]:4711" or "[2001:db8::1]"
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:  # "192.0.2.1:8080"; a bare IPv6 address has several colons
        return value.split(":", 1)[0]
    return value


def _forwarded_for(values: Iterable[str]) -> list[str]:
    """The ``for=`` of every element of RFC 7239 ``Forwarded`` headers, in order."""
    found = []
    for value in values:
        for element in value.split(","):
            for pair in element.split(";"):
                name, _, parameter = pair.partition("=")
                if name.strip().lower() == "for":
                    found.append(_strip_port(parameter))
    return found


def _x_forwarded_for(values: Iterable[str]) -> list[str]:
    return [_strip_port(item) for value in values for item in value.split(",") if item.strip()]


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(value: str, proxies: Sequence[Network]) -> bool:
    address = _parse(value)
    return address is not None and any(address in network for network in proxies)


def caller_address(
    peer: str, header_values: Iterable[str], proxies: Sequence[Network], header: ForwardedHeader
) -> str:
    """The right-most address that is not a trusted proxy, starting from the TCP ``peer``.

    ``header_values`` are the values of ``header`` in the order received. An entry that is not an
    address ("unknown", an obfuscated node name) is not a trusted proxy, so it is the answer: the
    proxy that wrote it saw no better, and what lies left of it is not believed.
    """
    if not proxies or not _trusted(peer, proxies):
        return peer
    chain = (_forwarded_for if header == "forwarded" else _x_forwarded_for)(header_values)
    for entry in reversed(chain):
        if not _trusted(entry, proxies):
            parsed = _parse(entry)  # one spelling per address, so one bucket
            return str(parsed) if parsed is not None else entry[:MAX_ADDRESS_LENGTH] or "unknown"
    # Every hop was a trusted proxy (or there was no header): the left-most one is the caller.
    return chain[0] if chain else peer


def scope_address(scope: Mapping[str, Any], proxies: Sequence[Network], header: ForwardedHeader) -> str:
    """:func:`caller_address` of a raw ASGI request (for the pure-ASGI proxy)."""
    peer = scope["client"][0] if scope.get("client") else "unknown"
    if not proxies:
        return str(peer)
    name = header.encode("latin-1")
    values = [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]
    return caller_address(str(peer), values, proxies, header)
