"""Staff accounts: an admin creates one with staff roles only, and the person gets their password
either as a single-use emailed link (they choose it, and using the link verifies the email) or from
the admin, as a password that must be changed at first sign-in (the token of such a sign-in is
refused everywhere but ``/auth/me`` and ``/auth/me/password``).

Neither password nor link is ever written to the audit log or the logs.
"""

from __future__ import annotations

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import service as accounts
from imis_gateway.accounts.models import UserAccount
from imis_gateway.audit.service import record
from imis_gateway.identity import Identity
from imis_gateway.mailer import Mailer
from imis_gateway.staff.schemas import StaffAccountCreate
from imis_gateway.verification import service as verification
from imis_gateway.verification.models import TokenPurpose

SUBJECT = "Your IMIS staff account"


def message_body(full_name: str, link: str, hours: int) -> str:
    return (
        f"Hello {full_name},\n\nan administrator has created an IMIS staff account for you.\n\n"
        f"Open this link to choose your password (it works once, for {hours} hours):\n\n{link}\n\n"
        "If you did not expect this, ignore this message and tell your IT department.\n"
    )


async def create_staff_account(
    session: AsyncSession,
    identity: Identity,
    mailer: Mailer,
    data: StaffAccountCreate,
    admin_id: str | None,
    client_address: str,
) -> UserAccount:
    """Create the account; 409 on ``email`` if it is taken, 503 if a link is due and no mail can go."""
    mailed = data.initial_password is None
    if mailed:
        mailer.check_available()
    account = await accounts.create_account(
        session,
        identity.passwords,
        email=data.email,
        # Without an initial password the account gets one nobody knows: it cannot sign in until
        # the link is used.
        password=data.initial_password or secrets.token_urlsafe(32),
        password_field="initial_password",  # noqa: S106 (a field name)
        full_name=data.full_name,
        roles=data.roles,
        preferred_language=data.preferred_language,
        password_change_required=not mailed,
    )
    await record(
        session,
        "account.staff_created",
        actor_id=admin_id,
        subject_id=account.id,
        client_address=client_address,
        roles=account.roles,
        password="set_password_link" if mailed else "initial_password_to_change",
    )
    if mailed:
        settings = identity.settings
        ttl = settings.password_setup_ttl_seconds
        token = await verification.issue_token(session, account, TokenPurpose.SET_PASSWORD, ttl)
        link = settings.password_setup_url.replace("{token}", token)
        # Sent last: if sending fails the account is not created either.
        await mailer.send(account.email, SUBJECT, message_body(account.full_name, link, max(1, ttl // 3600)))
    return account


async def confirm_password_setup(
    session: AsyncSession, identity: Identity, token: str, new_password: str
) -> UserAccount:
    """Set the first password with the mailed token (spent, so the link works once); the email it
    was sent to is verified by it."""
    account = await verification.spend_token(session, token, TokenPurpose.SET_PASSWORD)
    await accounts.set_password(session, identity.passwords, identity.revocations, account, new_password)
    await record(session, "account.password_set", actor_id=account.id, subject_id=account.id)
    await verification.mark_verified(session, account)
    return account
