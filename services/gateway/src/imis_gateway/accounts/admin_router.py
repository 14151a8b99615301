"""Administration of user accounts: search, roles, status. Admins only."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from imis_gateway.access import Admin
from imis_gateway.accounts import repository, service
from imis_gateway.accounts.models import AccountStatus
from imis_gateway.accounts.schemas import AccountStatusChange, RoleGrant, UserOut
from imis_gateway.accounts.views import user_out
from imis_gateway.identity import IdentityDep
from imis_shared.app import api_router
from imis_shared.auth import Role
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix="/api/v1/admin/users", tags=["admin"], responses=problem_responses(401, 403))


@router.get("", response_model=Page[UserOut], summary="List and search user accounts.")
async def list_accounts(
    admin: Admin,
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=100, description="Part of the email or name.")] = None,
    role: Role | None = None,
    status: AccountStatus | None = None,
) -> Page[UserOut]:
    """Admins only."""
    rows, total = await repository.search(session, page, q=q, role=role, status=status)
    return Page(items=[user_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/{user_id}", response_model=UserOut, summary="One user account.", responses=problem_responses(404)
)
async def get_account(user_id: uuid.UUID, admin: Admin, session: SessionDep) -> UserOut:
    """Admins only."""
    return user_out(await service.get_account(session, user_id))


@router.post(
    "/{user_id}/roles", response_model=UserOut, summary="Grant a role.", responses=problem_responses(404)
)
async def grant_account_role(
    user_id: uuid.UUID, body: RoleGrant, admin: Admin, session: SessionDep
) -> UserOut:
    """Admins only; any role, privileged ones included. Takes effect at the user's next token."""
    account = await service.get_account(session, user_id)
    return user_out(await service.grant_role(session, account, body.role, admin.subject))


@router.delete(
    "/{user_id}/roles/{role}",
    response_model=UserOut,
    summary="Revoke a role.",
    responses=problem_responses(404, 409),
)
async def revoke_account_role(
    user_id: uuid.UUID, role: Role, admin: Admin, session: SessionDep, identity: IdentityDep
) -> UserOut:
    """Admins only; an admin cannot remove their own admin role. The account's access tokens stop
    working at once (they carry the roles): its holder signs in again."""
    account = await service.get_account(session, user_id)
    return user_out(await service.revoke_role(session, identity.revocations, account, role, admin.subject))


@router.put(
    "/{user_id}/status",
    response_model=UserOut,
    summary="Disable or re-enable an account.",
    responses=problem_responses(404, 409),
)
async def set_account_status(
    user_id: uuid.UUID, body: AccountStatusChange, admin: Admin, session: SessionDep, identity: IdentityDep
) -> UserOut:
    """Admins only. Disabling ends the user's access at once: refresh and access tokens alike."""
    account = await service.get_account(session, user_id)
    return user_out(
        await service.set_status(session, identity.revocations, account, body.status, admin.subject)
    )
