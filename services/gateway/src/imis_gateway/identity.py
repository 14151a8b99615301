"""What the identity code needs at run time, built once in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from imis_gateway.accounts.passwords import Passwords
from imis_gateway.config import GatewaySettings
from imis_gateway.ratelimit import RateLimiter
from imis_gateway.tokens.keys import KeySet
from imis_shared.errors import TooManyRequests


@dataclass
class Identity:
    settings: GatewaySettings
    passwords: Passwords
    keys: KeySet
    limiter: RateLimiter

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
    return request.client.host if request.client else "unknown"


IdentityDep = Annotated[Identity, Depends(get_identity)]
ClientAddress = Annotated[str, Depends(client_address)]
