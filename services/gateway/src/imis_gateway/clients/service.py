"""Creating, listing and revoking machine clients."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.audit.service import record
from imis_gateway.clients import repository
from imis_gateway.clients.models import MachineClient
from imis_gateway.clients.schemas import ClientCreate
from imis_gateway.credentials import Passwords
from imis_gateway.revocation import Revocations
from imis_shared.db import utcnow
from imis_shared.errors import InvalidState, NotFound, ValidationFailed


async def create_client(
    session: AsyncSession,
    passwords: Passwords,
    data: ClientCreate,
    allowed_scopes: list[str],
    actor_id: str | None,
) -> tuple[MachineClient, str]:
    unknown = sorted(set(data.scopes) - set(allowed_scopes))
    if unknown:
        message = f"Unknown scopes: {', '.join(unknown)}; allowed: {', '.join(allowed_scopes)}."
        raise ValidationFailed.field("scopes", message, "unknown_scope")
    secret = secrets.token_urlsafe(32)
    client = MachineClient(
        client_id=f"imis-{secrets.token_hex(8)}",
        name=data.name,
        secret_hash=passwords.hash(secret),
        scopes=sorted(set(data.scopes)),
        created_by=actor_id,
    )
    session.add(client)
    await session.flush()
    await record(
        session, "client.created", actor_id=actor_id, subject_id=client.client_id, scopes=client.scopes
    )
    return client, secret


async def revoke_client(
    session: AsyncSession, revocations: Revocations, client_uuid: uuid.UUID, actor_id: str | None
) -> MachineClient:
    client = await repository.get(session, client_uuid)
    if client is None:
        raise NotFound("No such client.")
    if client.revoked_at is not None:
        raise InvalidState("The client is already revoked.")
    client.revoked_at = utcnow()
    await session.flush()
    await revocations.revoke_subject(client.client_id)
    await record(session, "client.revoked", actor_id=actor_id, subject_id=client.client_id)
    return client
