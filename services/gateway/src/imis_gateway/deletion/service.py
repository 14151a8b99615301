"""Deleting an account: the gateway erases its own record of the person at once (sign-in stops), and
announces ``account.deleted``; each service that holds people's data erases them and answers
``account.erased``, which marks its step done (docs/privacy.md)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts.models import UserAccount
from imis_gateway.accounts.service import check_current_password, get_account
from imis_gateway.audit.service import record
from imis_gateway.db import EVENT_TABLES
from imis_gateway.deletion import repository
from imis_gateway.deletion.models import DeletionRequest, DeletionStep, RequestedBy, StepStatus
from imis_gateway.identity import Identity
from imis_shared.auth import Role
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, NotFound
from imis_shared.events import ACCOUNT_DELETED, Event, emit

SOURCE = "gateway"

logger = logging.getLogger("imis.deletion")


async def delete_own_account(
    session: AsyncSession, identity: Identity, account: UserAccount, password: str, address: str
) -> DeletionRequest:
    """The person's own request: needs the current password (tries limited as for a password change)."""
    if Role.ADMIN.value in account.roles:
        raise Conflict(
            "An administrator's account is deleted by another administrator.", reason="admin_account"
        )
    await check_current_password(session, identity, account, password, "password", address)
    return await delete_account(
        session, identity, account, RequestedBy.PERSON, admin_id=None, address=address
    )


async def delete_account(
    session: AsyncSession,
    identity: Identity,
    account: UserAccount,
    requested_by: RequestedBy,
    *,
    admin_id: uuid.UUID | None,
    address: str | None,
) -> DeletionRequest:
    """Erase the account (its roles, sessions, links and codes go with it: every token stops at once)
    and record the request with a pending step per service that holds people's data."""
    services: Sequence[str] = identity.settings.deletion_services
    request = DeletionRequest(
        id=uuid.uuid4(),
        requested_at=utcnow(),
        account_id=account.id,
        requested_by=requested_by,
        admin_id=admin_id,
        steps=[DeletionStep(service=service, status=StepStatus.PENDING) for service in sorted(set(services))],
    )
    if not services:
        request.completed_at = request.requested_at
    session.add(request)
    await session.delete(account)
    await session.flush()
    await identity.revocations.revoke_subject(str(account.id))
    await emit(
        session,
        EVENT_TABLES,
        SOURCE,
        ACCOUNT_DELETED,
        {"account_id": str(account.id), "request_id": str(request.id)},
    )
    await record(
        session,
        "account.deleted",
        actor_id=admin_id or account.id,
        subject_id=account.id,
        client_address=address,
        request=str(request.id),
        requested_by=requested_by.value,
    )
    return request


async def delete_account_for_person(
    session: AsyncSession, identity: Identity, account_id: uuid.UUID, admin_id: uuid.UUID, address: str
) -> DeletionRequest:
    """An administrator records a person's deletion request received otherwise (a letter, a visit)."""
    account = await get_account(session, account_id)
    if account.id == admin_id:
        raise Conflict("Administrators cannot delete their own account.", reason="own_account")
    return await delete_account(
        session, identity, account, RequestedBy.ADMIN, admin_id=admin_id, address=address
    )


async def get_request(session: AsyncSession, request_id: uuid.UUID) -> DeletionRequest:
    request = await repository.get(session, request_id)
    if request is None:
        raise NotFound("No such deletion request.")
    return request


async def record_erasure(session: AsyncSession, event: Event) -> None:
    """``account.erased`` from a service: its step is done; the request is complete when all are."""
    try:
        request_id = uuid.UUID(str(event.data["request_id"]))
        service = str(event.data["service"])
    except (KeyError, ValueError):
        logger.error("event %s: account.erased without a request id and a service; ignored", event.id)
        return
    step = await repository.get_step(session, request_id, service)
    if step is None:
        logger.warning("event %s: no pending deletion step %s for %s; ignored", event.id, service, request_id)
        return
    if step.status is StepStatus.DONE:
        return
    step.status = StepStatus.DONE
    step.done_at = event.occurred_at
    await session.flush()
    request = await get_request(session, request_id)
    if all(each.status is StepStatus.DONE for each in request.steps):
        request.completed_at = max(each.done_at for each in request.steps if each.done_at is not None)
    await session.flush()
