"""Email verification endpoints, beside the caller's own account under /api/v1/auth."""

from __future__ import annotations

from fastapi import Response

from imis_gateway.accounts.dependencies import CurrentAccount
from imis_gateway.accounts.schemas import UserOut
from imis_gateway.accounts.views import user_out
from imis_gateway.identity import IdentityDep
from imis_gateway.verification import service
from imis_gateway.verification.dependencies import MailerDep
from imis_gateway.verification.schemas import EmailVerificationConfirm
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses

router = api_router(prefix="/api/v1/auth", tags=["auth"])


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
    "/email-verification/confirm",
    response_model=UserOut,
    summary="Verify an email address with the token from the message.",
    responses=problem_responses(422),
)
async def confirm_email_verification(body: EmailVerificationConfirm, session: SessionDep) -> UserOut:
    """Public: the token is the proof. Tokens work once, until they expire, and only while the
    account's email is the one they were sent to. Sign in again (or refresh) for a token with the
    `email` and `email_verified` claims."""
    return user_out(await service.confirm(session, body.token))
