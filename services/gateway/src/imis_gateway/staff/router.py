"""Staff accounts: created by admins, completed by the person with the link they are mailed."""

from __future__ import annotations

from imis_gateway.access import Admin
from imis_gateway.accounts.schemas import UserOut
from imis_gateway.accounts.views import user_out
from imis_gateway.identity import ClientAddress, IdentityDep
from imis_gateway.staff import service
from imis_gateway.staff.schemas import PasswordSetupConfirm, StaffAccountCreate
from imis_gateway.verification.dependencies import MailerDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses

router = api_router(tags=["admin"])
public = api_router(tags=["auth"])


@router.post(
    "/api/v1/admin/users",
    response_model=UserOut,
    status_code=201,
    summary="Create a staff account (officer, editor, admin).",
    responses={
        **problem_responses(401, 403),
        409: {"description": "An account with this email exists (`field`: `email`)", **PROBLEM_RESPONSE},
        503: {
            "description": "A link is due and no mail server is configured, or it failed",
            **PROBLEM_RESPONSE,
        },
    },
)
async def create_staff_account(
    body: StaffAccountCreate,
    admin: Admin,
    session: SessionDep,
    identity: IdentityDep,
    mailer: MailerDep,
    address: ClientAddress,
) -> UserOut:
    """Admins only. Staff roles only, no citizen role. With `initial_password` the person must change
    it at first sign-in (until then their token reads `/auth/me` and changes the password, nothing
    else); without it they are mailed a single-use, expiring link to choose their own. Audited."""
    account = await service.create_staff_account(session, identity, mailer, body, admin.subject, address)
    return user_out(account)


@public.post(
    "/api/v1/auth/password-setup/confirm",
    response_model=UserOut,
    summary="Choose the first password of a staff account with the token from the message.",
    responses=problem_responses(422),
)
async def confirm_password_setup(
    body: PasswordSetupConfirm, session: SessionDep, identity: IdentityDep
) -> UserOut:
    """Public: the token is the proof. It works once, until it expires, and only while the account's
    email is the one it was sent to; using it verifies that email. Then sign in with the password."""
    return user_out(await service.confirm_password_setup(session, identity, body.token, body.new_password))
