"""Administration of machine clients. Admins only."""

from __future__ import annotations

import uuid

from imis_gateway.access import Admin
from imis_gateway.clients import repository, service
from imis_gateway.clients.schemas import ClientCreate, ClientCreated, ClientOut
from imis_gateway.clients.views import client_out
from imis_gateway.identity import IdentityDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix="/api/v1/admin/clients", tags=["admin"], responses=problem_responses(401, 403))


@router.post("", response_model=ClientCreated, status_code=201, summary="Create a machine client.")
async def create_machine_client(
    body: ClientCreate, admin: Admin, session: SessionDep, identity: IdentityDep
) -> ClientCreated:
    """Admins only. The secret is in this response only; it is stored hashed."""
    client, secret = await service.create_client(
        session, identity.passwords, body, identity.settings.allowed_client_scopes, admin.subject
    )
    return ClientCreated(**client_out(client).model_dump(), client_secret=secret)


@router.get("", response_model=Page[ClientOut], summary="List machine clients.")
async def list_machine_clients(admin: Admin, session: SessionDep, page: PageParamsDep) -> Page[ClientOut]:
    """Admins only."""
    rows, total = await repository.newest_first(session, page)
    return Page(items=[client_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.delete(
    "/{client_uuid}",
    response_model=ClientOut,
    summary="Revoke a machine client.",
    responses=problem_responses(404, 409),
)
async def revoke_machine_client(
    client_uuid: uuid.UUID, admin: Admin, session: SessionDep, identity: IdentityDep
) -> ClientOut:
    """Admins only. The client gets no new tokens, and the ones it holds stop working at once."""
    return client_out(await service.revoke_client(session, identity.revocations, client_uuid, admin.subject))
