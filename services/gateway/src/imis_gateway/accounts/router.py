"""The caller's own account (registering is in verification/: an account starts by a confirmation)."""

from __future__ import annotations

from fastapi import Response

from imis_gateway.accounts import service
from imis_gateway.accounts.dependencies import AccountBeforePasswordChange, CurrentAccount
from imis_gateway.accounts.schemas import MeUpdate, PasswordChange, UserOut
from imis_gateway.accounts.views import user_out
from imis_gateway.identity import ClientAddress, IdentityDep
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses

router = api_router(prefix="/api/v1/auth", tags=["auth"])


@router.get(
    "/me",
    response_model=UserOut,
    summary="The caller's account.",
    responses=problem_responses(401, 403),
    openapi_extra=audience(ANY_USER),
)
async def get_my_account(account: AccountBeforePasswordChange) -> UserOut:
    """Any authenticated user, also one who must change their password first
    (`password_change_required`)."""
    return user_out(account)


@router.patch(
    "/me",
    response_model=UserOut,
    summary="Change the caller's email, name or language.",
    responses=problem_responses(401, 403, 409),
    openapi_extra=audience(ANY_USER),
)
async def update_my_account(body: MeUpdate, account: CurrentAccount, session: SessionDep) -> UserOut:
    """Any authenticated user, on their own account only. A changed email is no longer verified
    (ask for a new message); 409 if another account has it."""
    return user_out(await service.update_profile(session, account, body))


@router.post(
    "/me/password",
    status_code=204,
    summary="Change the caller's password; signs out every session.",
    responses={
        **problem_responses(401, 403, 422),
        429: {"description": "Too many wrong current passwords; see Retry-After", **PROBLEM_RESPONSE},
    },
    openapi_extra=audience(ANY_USER),
)
async def change_my_password(
    body: PasswordChange,
    account: AccountBeforePasswordChange,
    session: SessionDep,
    identity: IdentityDep,
    address: ClientAddress,
) -> Response:
    """Any authenticated user, also one who must change the password an admin set; needs the current
    password, and the new one must differ. Ends every session at once, access tokens included:
    sign in again. Wrong current passwords are limited per account: the last one allowed also ends
    every session, then 429 until the window is over."""
    await service.change_password(
        session, identity, account, body.current_password, body.new_password, address
    )
    return Response(status_code=204)
