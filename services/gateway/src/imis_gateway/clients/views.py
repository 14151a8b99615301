"""How a machine client is shown to admins (never its secret's hash)."""

from __future__ import annotations

from imis_gateway.clients.models import MachineClient, PublicClient
from imis_gateway.clients.schemas import ClientOut, PublicClientOut


def client_out(client: MachineClient) -> ClientOut:
    return ClientOut(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        scopes=client.scopes,
        created_at=client.created_at,
        created_by=client.created_by,
        revoked_at=client.revoked_at,
        last_used_at=client.last_used_at,
    )


def public_client_out(client: PublicClient) -> PublicClientOut:
    return PublicClientOut(
        id=client.id,
        client_id=client.client_id,
        name=client.name,
        redirect_uris=client.redirect_uris,
        created_at=client.created_at,
        created_by=client.created_by,
        revoked_at=client.revoked_at,
        last_used_at=client.last_used_at,
    )
