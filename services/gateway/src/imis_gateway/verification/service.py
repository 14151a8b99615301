"""Email verification rules: ask for a message (limited per account), confirm with its token.

The token is a random string mailed to the address; only its SHA-256 hash is stored. It is
single-use (a conditional update marks it used, so two concurrent confirmations cannot both
succeed), expires, and verifies only the address it was sent to: changing the email makes
earlier tokens worthless and clears the verification.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import repository as accounts
from imis_gateway.accounts.models import AccountStatus, UserAccount
from imis_gateway.audit.service import record
from imis_gateway.credentials import hash_token
from imis_gateway.identity import Identity
from imis_gateway.verification import repository
from imis_gateway.verification.mailer import Mailer
from imis_gateway.verification.models import EmailVerificationToken, TokenPurpose
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, ValidationFailed

SUBJECT = "Confirm your email address for IMIS"


def message_body(link: str, hours: int) -> str:
    return (
        "Someone, hopefully you, asked to confirm this email address for an IMIS account.\n\n"
        f"Open this link to confirm it (it works once, for {hours} hours):\n\n{link}\n\n"
        "If it was not you, ignore this message.\n"
    )


async def request_verification(
    session: AsyncSession, identity: Identity, mailer: Mailer, account: UserAccount
) -> None:
    """Mail a verification link to the account's email; 409 if it is verified already."""
    settings = identity.settings
    if account.email_verified_at is not None:
        raise Conflict("The email address is verified already.")
    mailer.check_available()  # before counting: a refusal for want of SMTP is not the caller's try
    await identity.enforce_limit(
        f"email-verification:account:{account.id}",
        settings.email_verifications_per_account,
        settings.email_verification_window_seconds,
        "Too many verification messages; try again later.",
    )
    ttl = settings.email_verification_ttl_seconds
    token = await issue_token(session, account, TokenPurpose.VERIFY_EMAIL, ttl)
    await record(session, "email.verification_sent", actor_id=account.id, subject_id=account.id)
    link = settings.email_verification_url.replace("{token}", token)
    # Sent last: if sending fails the request fails and the token is rolled back with it.
    await mailer.send(account.email, SUBJECT, message_body(link, max(1, ttl // 3600)))


async def issue_token(session: AsyncSession, account: UserAccount, purpose: TokenPurpose, ttl: int) -> str:
    """A new single-use token for ``purpose``, good for ``ttl`` seconds at the account's current
    email; only its hash is stored, the token itself goes into the message."""
    token = secrets.token_urlsafe(32)
    session.add(
        EmailVerificationToken(
            user_id=account.id,
            purpose=purpose,
            email=account.email,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(seconds=ttl),
        )
    )
    await session.flush()
    return token


async def spend_token(session: AsyncSession, token: str, purpose: TokenPurpose) -> UserAccount:
    """The active account a valid ``purpose`` token was sent to; the token is then spent. 422 on
    ``token`` if it is unknown, of another purpose, used, expired, or the email has changed."""
    invalid = ValidationFailed.field(
        "token", "The token is invalid, expired or already used.", "invalid_token"
    )
    stored = await repository.get_by_hash(session, hash_token(token), purpose)
    if stored is None or stored.used_at is not None or stored.expires_at <= utcnow():
        raise invalid
    account = await accounts.get(session, stored.user_id)
    if account is None or account.status != AccountStatus.ACTIVE or account.email != stored.email:
        raise invalid
    if not await repository.spend(session, stored.id):
        raise invalid
    return account


async def mark_verified(session: AsyncSession, account: UserAccount) -> None:
    """The account's current email is proved to be the user's (a link sent to it was used)."""
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
        await record(session, "email.verified", actor_id=account.id, subject_id=account.id)


async def confirm(session: AsyncSession, token: str) -> UserAccount:
    """Mark the email the token was sent to as verified; the token is then spent."""
    account = await spend_token(session, token, TokenPurpose.VERIFY_EMAIL)
    await mark_verified(session, account)
    return account
