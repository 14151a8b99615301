"""What the account, client and token rules need at run time, built once in the lifespan:
settings, the password hasher and the rate limiter; and the caller's address they record.

It bundles service-level pieces only (config, credentials, ratelimit), so every domain package
may take it. The signing keys are not here: only tokens signs, and takes them from its own
dependency (``tokens.dependencies.SigningKeys``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from imis_gateway.config import GatewaySettings
from imis_gateway.credentials import Passwords
from imis_gateway.forwarding import caller_address
from imis_gateway.ratelimit import RateLimiter
from imis_gateway.revocation import Revocations
from imis_shared.errors import TooManyRequests


@dataclass
class Identity:
    settings: GatewaySettings
    passwords: Passwords
    limiter: RateLimiter
    revocations: Revocations

    async def enforce_limit(self, key: str, limit: int, window: float, message: str) -> None:
        """Count one hit on ``key`` unless it is at ``limit`` within ``window``; then 429 with
        Retry-After, so every limited endpoint refuses the same way."""
        wait = await self.limiter.acquire(key, limit, window)
        if wait is not None:
            raise TooManyRequests(message, retry_after=wait)


def get_identity(request: Request) -> Identity:
    identity: Identity = request.app.state.identity
    return identity


def client_address(request: Request) -> str:
    """The caller's address: the TCP peer, or behind trusted proxies the address they forwarded
    (``IMIS_GATEWAY_TRUSTED_PROXIES``; see :mod:`imis_gateway.forwarding`)."""
    peer = request.client.host if request.client else "unknown"
    settings: GatewaySettings = request.app.state.identity.settings
    if not settings.trusted_proxies:
        return peer
    header = settings.forwarded_header
    return caller_address(peer, request.headers.getlist(header), settings.trusted_proxies, header)


IdentityDep = Annotated[Identity, Depends(get_identity)]
ClientAddress = Annotated[str, Depends(client_address)]
