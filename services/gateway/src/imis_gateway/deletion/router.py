"""Deleting an account: by the person (``DELETE /auth/me``) or by an admin for them, and the
progress of each request across the services."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from imis_gateway.access import Admin
from imis_gateway.accounts.dependencies import CurrentAccount
from imis_gateway.deletion import repository, service
from imis_gateway.deletion.schemas import AccountDeletionIn, DeletionRequestOut
from imis_gateway.deletion.views import deletion_out
from imis_gateway.identity import ClientAddress, IdentityDep
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep

me = api_router(prefix="/api/v1/auth", tags=["auth"])
admin = api_router(prefix="/api/v1/admin", tags=["admin"], responses=problem_responses(401, 403))


@me.delete(
    "/me",
    status_code=202,
    response_model=DeletionRequestOut,
    summary="Delete the caller's account and their data in every service.",
    responses={
        **problem_responses(401, 403, 409, 422),
        429: {"description": "Too many wrong current passwords; see Retry-After", **PROBLEM_RESPONSE},
    },
    openapi_extra=audience(ANY_USER),
)
async def delete_my_account(
    body: AccountDeletionIn,
    account: CurrentAccount,
    session: SessionDep,
    identity: IdentityDep,
    address: ClientAddress,
) -> DeletionRequestOut:
    """Any user but an administrator (409 `admin_account`: another admin deletes it), with the
    current password (422 `wrong_password` on `password`; tries limited as for a password change).
    The account is gone at once: every token stops and the email may register again. Each service
    that holds the person's data erases it (docs/privacy.md) and confirms; the answer lists them,
    pending, and an administrator can follow the request."""
    request = await service.delete_own_account(session, identity, account, body.password, address)
    return deletion_out(request)


@admin.post(
    "/users/{user_id}/deletion",
    status_code=202,
    response_model=DeletionRequestOut,
    summary="Delete a person's account and data at their request.",
    responses=problem_responses(404, 409),
)
async def create_deletion_request(
    user_id: uuid.UUID, caller: Admin, session: SessionDep, identity: IdentityDep, address: ClientAddress
) -> DeletionRequestOut:
    """Admins only, for a request the person made otherwise (in writing, at an office); audited.
    Not the admin's own account (409 `own_account`). Then as `DELETE /auth/me`."""
    request = await service.delete_account_for_person(
        session, identity, user_id, uuid.UUID(caller.subject or ""), address
    )
    return deletion_out(request)


@admin.get("/deletion-requests", response_model=Page[DeletionRequestOut], summary="Deletion requests.")
async def list_deletion_requests(
    caller: Admin,
    session: SessionDep,
    page: PageParamsDep,
    completed: Annotated[
        bool | None, Query(description="true: only those every service confirmed; false: the others.")
    ] = None,
) -> Page[DeletionRequestOut]:
    """Admins only; the latest first."""
    rows, total = await repository.search(session, page, completed=completed)
    return Page(items=[deletion_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@admin.get(
    "/deletion-requests/{request_id}",
    response_model=DeletionRequestOut,
    summary="One deletion request and each service's progress.",
    responses=problem_responses(404),
)
async def get_deletion_request(
    request_id: uuid.UUID, caller: Admin, session: SessionDep
) -> DeletionRequestOut:
    """Admins only."""
    return deletion_out(await service.get_request(session, request_id))
