"""Creating and revoking machine clients and public clients."""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.audit.service import record
from imis_gateway.clients import repository
from imis_gateway.clients.models import MachineClient, PublicClient
from imis_gateway.clients.redirects import registration_problem
from imis_gateway.clients.schemas import ClientCreate, PublicClientCreate
from imis_gateway.credentials import Passwords
from imis_gateway.revocation import Revocations
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, NotFound, ValidationFailed, body_error


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
        secret_hash=await passwords.hash(secret),
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


def _checked_redirect_uris(uris: list[str]) -> list[str]:
    errors: list[FieldError] = []
    for index, uri in enumerate(uris):
        problem = registration_problem(uri)
        if problem:
            errors.append(
                body_error(f"redirect_uris.{index}", f"{uri!r}: {problem}.", "invalid_redirect_uri")
            )
    if errors:
        raise ValidationFailed(errors[0].message, errors=errors)
    return list(dict.fromkeys(uris))


async def create_public_client(
    session: AsyncSession, data: PublicClientCreate, actor_id: str | None, client_id: str | None = None
) -> PublicClient:
    """A public client (no secret) with its exact redirect URIs; ``client_id`` is made when not given."""
    client = PublicClient(
        client_id=client_id or f"imis-public-{secrets.token_hex(8)}",
        name=data.name,
        redirect_uris=_checked_redirect_uris(data.redirect_uris),
        created_by=actor_id,
    )
    session.add(client)
    await session.flush()
    await record(
        session,
        "public_client.created",
        actor_id=actor_id,
        subject_id=client.client_id,
        redirect_uris=client.redirect_uris,
    )
    return client


async def ensure_public_client(
    session: AsyncSession, client_id: str, data: PublicClientCreate, actor_id: str
) -> tuple[PublicClient, bool]:
    """The operator's registration (configuration or CLI) of a first-party front-end: create the
    client, or bring an existing one's name and redirect URIs to what is given. True if changed."""
    client = await repository.get_public_by_client_id(session, client_id)
    if client is None:
        return await create_public_client(session, data, actor_id, client_id), True
    uris = _checked_redirect_uris(data.redirect_uris)
    if client.revoked_at is None and client.name == data.name and client.redirect_uris == uris:
        return client, False
    client.name, client.redirect_uris, client.revoked_at = data.name, uris, None
    await session.flush()
    await record(
        session, "public_client.updated", actor_id=actor_id, subject_id=client_id, redirect_uris=uris
    )
    return client, True


async def revoke_public_client(
    session: AsyncSession, client_uuid: uuid.UUID, actor_id: str | None
) -> PublicClient:
    client = await repository.get_public(session, client_uuid)
    if client is None:
        raise NotFound("No such public client.")
    if client.revoked_at is not None:
        raise InvalidState("The public client is already revoked.")
    client.revoked_at = utcnow()
    await session.flush()
    await record(session, "public_client.revoked", actor_id=actor_id, subject_id=client.client_id)
    return client
