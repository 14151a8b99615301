"""``GET <prefix>/whoami``: the caller's principal as this service sees it.

Every service exposes it so that the path gateway → service (token verified
twice, once at each) is testable end to end.
"""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from imis_shared.auth import AUTHENTICATED, CurrentPrincipal, PrincipalKind, audience
from imis_shared.errors import PROBLEM_MEDIA_TYPE


class PrincipalOut(BaseModel):
    kind: PrincipalKind
    subject: str | None = Field(description="User id, or the machine client's id.")
    roles: list[str]
    scopes: list[str]
    service: str = Field(description="The service that verified the token.")


def whoami_router(service: str, prefix: str) -> APIRouter:
    from imis_shared.app import api_router

    router = api_router(prefix=prefix, tags=[service])

    @router.get(
        "/whoami",
        response_model=PrincipalOut,
        summary="The caller's identity as verified by this service.",
        name=f"get_{service}_identity",  # the operationId, unique across the platform
        responses={401: {"description": "No or invalid access token", "content": {PROBLEM_MEDIA_TYPE: {}}}},
        openapi_extra=audience(AUTHENTICATED),
    )
    async def whoami(principal: CurrentPrincipal) -> PrincipalOut:
        """Any authenticated caller (user or machine client)."""
        return PrincipalOut(
            kind=principal.kind,
            subject=principal.subject,
            roles=sorted(principal.roles),
            scopes=sorted(principal.scopes),
            service=service,
        )

    return router
