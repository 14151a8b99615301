"""Email verification endpoints, beside the caller's own account under /api/v1/auth."""

from __future__ import annotations

from fastapi import Response

from imis_gateway.accounts.dependencies import CurrentAccount
from imis_gateway.accounts.schemas import RegisterIn, UserOut
from imis_gateway.accounts.views import user_out
from imis_gateway.identity import ClientAddress, IdentityDep
from imis_gateway.verification import service
from imis_gateway.verification.dependencies import MailerDep
from imis_gateway.verification.schemas import EmailChange, EmailVerificationConfirm
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses

router = api_router(prefix="/api/v1/auth", tags=["auth"])


@router.post(
    "/register",
    status_code=202,
    response_class=Response,
    summary="Register an account with self-service roles: a link mailed to the address activates it.",
    responses={
        202: {"description": "Accepted: look for a message at the address. No body.", "content": None},
        **problem_responses(422),
        429: {"description": "Too many registrations from this address; see Retry-After", **PROBLEM_RESPONSE},
        503: {"description": "No mail server is configured, or it failed", **PROBLEM_RESPONSE},
    },
)
async def register_account(
    body: RegisterIn, session: SessionDep, identity: IdentityDep, mailer: MailerDep, address: ClientAddress
) -> Response:
    """Public. Roles limited to job_seeker, employer and diaspora_member; limited per client address.
    The account can sign in once the link mailed to the address is used (`POST
    /auth/email-verification/confirm`). The answer is the same whether or not the address has an
    account already (its owner is told instead), so it reveals no account; registering an address
    whose account is still pending replaces that registration and mails a new link."""
    await service.register(session, identity, mailer, body, address)
    return Response(status_code=202)


@router.post(
    "/me/email-verification",
    status_code=202,
    response_class=Response,
    summary="Mail a link that verifies the caller's email address.",
    responses={
        202: {"description": "Accepted: the link is being mailed. No body."},
        **problem_responses(401, 403, 409),
        429: {"description": "Too many verification messages; see Retry-After", **PROBLEM_RESPONSE},
        503: {"description": "No mail server is configured, or it failed", **PROBLEM_RESPONSE},
    },
    openapi_extra=audience(ANY_USER),
)
async def request_email_verification(
    account: CurrentAccount, session: SessionDep, identity: IdentityDep, mailer: MailerDep
) -> Response:
    """Any authenticated user; 409 if the email is verified already. The link (single-use,
    expiring) leads to the portal, which confirms it with `POST /auth/email-verification/confirm`."""
    await service.request_verification(session, identity, mailer, account)
    return Response(status_code=202)


@router.post(
    "/me/email-change",
    status_code=202,
    response_class=Response,
    summary="Ask to change the caller's email address: a link mailed to the new one confirms it.",
    responses={
        202: {"description": "Accepted: the address is pending until confirmed from it. No body."},
        **problem_responses(401, 403, 422),
        429: {"description": "Too many email changes; see Retry-After", **PROBLEM_RESPONSE},
        503: {"description": "No mail server is configured, or it failed", **PROBLEM_RESPONSE},
    },
    openapi_extra=audience(ANY_USER),
)
async def request_email_change(
    body: EmailChange, account: CurrentAccount, session: SessionDep, identity: IdentityDep, mailer: MailerDep
) -> Response:
    """Any authenticated user. The account keeps its email, shows the new one as `pending_email`,
    and changes when the link mailed to the new address is used (`POST /auth/email-verification/
    confirm`); a newer request replaces an older one. The answer is the same whether or not another
    account has the address (that account's owner is told instead), so it reveals no account."""
    await service.request_email_change(session, identity, mailer, account, body.email)
    return Response(status_code=202)


@router.post(
    "/email-verification/confirm",
    response_model=UserOut,
    summary="Verify an email address with the token from the message.",
    responses=problem_responses(409, 422),
)
async def confirm_email_verification(body: EmailVerificationConfirm, session: SessionDep) -> UserOut:
    """Public: the token is the proof. Tokens work once, until they expire, and only while the
    address they were sent to is the account's email (or, for a change, the pending one, which
    then becomes the email, verified; 409 if another account took it meanwhile). Sign in again (or
    refresh) for a token with the `email` and `email_verified` claims."""
    return user_out(await service.confirm(session, body.token))
