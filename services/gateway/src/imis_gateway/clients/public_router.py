"""Administration of public clients: the front-ends that sign people in with PKCE. Admins only."""

from __future__ import annotations

import uuid

from imis_gateway.access import Admin
from imis_gateway.clients import repository, service
from imis_gateway.clients.schemas import PublicClientCreate, PublicClientOut
from imis_gateway.clients.views import public_client_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(
    prefix="/api/v1/admin/public-clients", tags=["admin"], responses=problem_responses(401, 403)
)


@router.post(
    "",
    response_model=PublicClientOut,
    status_code=201,
    summary="Register a public client (a browser or mobile front-end) and its redirect URIs.",
)
async def create_public_client(
    body: PublicClientCreate, admin: Admin, session: SessionDep
) -> PublicClientOut:
    """Admins only. A public client has no secret: it proves itself at the token endpoint with the
    PKCE verifier of each sign-in, and codes go only to the redirect URIs registered here."""
    return public_client_out(await service.create_public_client(session, body, admin.subject))


@router.get("", response_model=Page[PublicClientOut], summary="List public clients.")
async def list_public_clients(
    admin: Admin, session: SessionDep, page: PageParamsDep
) -> Page[PublicClientOut]:
    """Admins only."""
    rows, total = await repository.public_newest_first(session, page)
    return Page(
        items=[public_client_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.delete(
    "/{client_uuid}",
    response_model=PublicClientOut,
    summary="Revoke a public client.",
    responses=problem_responses(404, 409),
)
async def revoke_public_client(client_uuid: uuid.UUID, admin: Admin, session: SessionDep) -> PublicClientOut:
    """Admins only. The client can start no sign-in and redeem no code; tokens already issued
    through it live on until they expire or are revoked."""
    return public_client_out(await service.revoke_public_client(session, client_uuid, admin.subject))
