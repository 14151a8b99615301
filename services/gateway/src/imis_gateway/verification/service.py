"""Email verification rules: ask for a message (limited per account), confirm with its token; and
changing the email, which is a verification of the new address.

The token is a random string mailed to the address; only its SHA-256 hash is stored. It is
single-use (a conditional update marks it used, so two concurrent confirmations cannot both
succeed), expires, and verifies only the address it was sent to.

Registering tells nothing about the address either: the answer is the same 202 whether or not it has
an account. A new account waits (``pending``, no sign-in) until the link mailed to it is used; an
address with an active or disabled account gets a notice instead. A pending account belongs to
whoever holds the mailbox: registering it again replaces it and mails a new link.

An email change tells the asker nothing about the address: whether it is free or another account's,
the answer is the same 202 and the account shows it as ``pending_email``. A free address gets a link
that makes it the account's; an address in use gets a notice instead, and nothing changes.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import repository as accounts
from imis_gateway.accounts.models import AccountStatus, UserAccount, UserRole
from imis_gateway.accounts.schemas import RegisterIn
from imis_gateway.accounts.service import check_password, create_account
from imis_gateway.audit.service import record
from imis_gateway.credentials import hash_token
from imis_gateway.identity import Identity
from imis_gateway.mailer import Mailer
from imis_gateway.notifications import service as notifications
from imis_gateway.notifications.templates import EMAIL_CHANGED
from imis_gateway.verification import repository
from imis_gateway.verification.models import EmailVerificationToken, TokenPurpose
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, ValidationFailed

SUBJECT = "Confirm your email address for IMIS"


async def mail_link(
    session: AsyncSession,
    identity: Identity,
    mailer: Mailer,
    account: UserAccount,
    purpose: TokenPurpose,
    *,
    to: str,
    subject: str,
    what: str,
    after: str = "If it was not you, ignore this message.",
) -> None:
    """Mail ``to`` a single-use link for ``purpose``: "Someone, hopefully you, <what>", the link, and
    ``after``. Sent last: if sending fails the request fails and the token is rolled back with it."""
    settings = identity.settings
    ttl = settings.email_verification_ttl_seconds
    token = await issue_token(session, account, purpose, ttl, to)
    link = settings.email_verification_url.replace("{token}", token)
    body = (
        f"Someone, hopefully you, {what}.\n\n"
        f"Open this link to confirm it (it works once, for {max(1, ttl // 3600)} hours):\n\n{link}\n\n"
        f"{after}\n"
    )
    await mailer.send(to, subject, body)


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
    await record(session, "email.verification_sent", actor_id=account.id, subject_id=account.id)
    what = "asked to confirm this email address for an IMIS account"
    await mail_link(
        session,
        identity,
        mailer,
        account,
        TokenPurpose.VERIFY_EMAIL,
        to=account.email,
        subject=SUBJECT,
        what=what,
    )


async def issue_token(
    session: AsyncSession, account: UserAccount, purpose: TokenPurpose, ttl: int, email: str | None = None
) -> str:
    """A new single-use token for ``purpose``, good for ``ttl`` seconds at ``email`` (the account's
    current one unless given); only its hash is stored, the token itself goes into the message."""
    token = secrets.token_urlsafe(32)
    session.add(
        EmailVerificationToken(
            user_id=account.id,
            purpose=purpose,
            email=email or account.email,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(seconds=ttl),
        )
    )
    await session.flush()
    return token


async def spend_token(
    session: AsyncSession, token: str, purpose: TokenPurpose, stored: EmailVerificationToken | None = None
) -> UserAccount:
    """The active account a valid ``purpose`` token was sent to; the token is then spent. 422 on
    ``token`` if it is unknown, of another purpose, used, expired, or the address it was sent to is
    no longer the account's email (for a change: no longer the address asked for)."""
    invalid = ValidationFailed.field(
        "token", "The token is invalid, expired or already used.", "invalid_token"
    )
    stored = stored or await repository.get_by_hash(session, hash_token(token), purpose)
    if (
        stored is None
        or stored.purpose != purpose
        or stored.used_at is not None
        or stored.expires_at <= utcnow()
    ):
        raise invalid
    account = await accounts.get(session, stored.user_id)
    # A pending account is activated by its verification link, and by nothing else.
    usable = (
        {AccountStatus.ACTIVE, AccountStatus.PENDING}
        if purpose == TokenPurpose.VERIFY_EMAIL
        else {AccountStatus.ACTIVE}
    )
    if account is None or account.status not in usable:
        raise invalid
    proved = account.pending_email if purpose == TokenPurpose.CHANGE_EMAIL else account.email
    if proved != stored.email:
        raise invalid
    if not await repository.spend(session, stored.id):
        raise invalid
    return account


async def mark_verified(session: AsyncSession, account: UserAccount) -> None:
    """The account's current email is proved to be the user's (a link sent to it was used); a
    pending account is active from now on."""
    if account.status == AccountStatus.PENDING:
        account.status = AccountStatus.ACTIVE
        await record(session, "account.activated", actor_id=account.id, subject_id=account.id)
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
        await record(session, "email.verified", actor_id=account.id, subject_id=account.id)


async def confirm(session: AsyncSession, token: str) -> UserAccount:
    """Mark the email the token was sent to as verified, or, for a change, make the address it was
    sent to the account's email (verified); the token is then spent."""
    changing = await repository.get_by_hash(session, hash_token(token), TokenPurpose.CHANGE_EMAIL)
    if changing is None:
        account = await spend_token(session, token, TokenPurpose.VERIFY_EMAIL)
        await mark_verified(session, account)
        return account
    account = await spend_token(session, token, TokenPurpose.CHANGE_EMAIL, changing)
    taken = Conflict("This address belongs to another account now.", field="token")
    if await accounts.get_by_email(session, changing.email) is not None:
        raise taken
    account.email, account.pending_email = changing.email, None
    account.email_verified_at = utcnow()
    try:
        await session.flush()
    except IntegrityError:  # a registration or change to the same address at the same moment
        raise taken from None
    await record(session, "account.email_changed", actor_id=account.id, subject_id=account.id)
    # Told on every channel the person chose: by SMS too, which reaches them if the change was not theirs.
    await notifications.notify_account(session, account, EMAIL_CHANGED, {})
    return account


CHANGE_SUBJECT = "Confirm your new email address for IMIS"
IN_USE_SUBJECT = "Someone asked to use this address for IMIS"


IN_USE_MESSAGE = (
    "Someone asked to make this email address the address of an IMIS account. It is already the "
    "address of an account, which stays as it is: nothing has changed.\n\n"
    "If it was you, you already have an account with this address: sign in with it (or reset its "
    "password). Otherwise ignore this message.\n"
)


async def request_email_change(
    session: AsyncSession, identity: Identity, mailer: Mailer, account: UserAccount, email: str
) -> None:
    """Ask for ``email`` to become the account's: the same answer whether the address is free or
    another account's (the account shows it as pending either way), so it tells the asker nothing;
    the address itself gets a link if it is free and a notice if it is not."""
    settings = identity.settings
    if email == account.email:  # back to the address it has: nothing to confirm, nothing pending
        account.pending_email = None
        return
    mailer.check_available()
    await identity.enforce_limit(
        f"email-change:account:{account.id}",
        settings.email_verifications_per_account,
        settings.email_verification_window_seconds,
        "Too many email changes; try again later.",
    )
    account.pending_email = email
    await record(session, "email.change_requested", actor_id=account.id, subject_id=account.id)
    if await accounts.get_by_email(session, email) is not None:
        await mailer.send(email, IN_USE_SUBJECT, IN_USE_MESSAGE)
        return
    await mail_link(
        session,
        identity,
        mailer,
        account,
        TokenPurpose.CHANGE_EMAIL,
        to=email,
        subject=CHANGE_SUBJECT,
        what="asked to make this the email address of their IMIS account",
        after="Until then the account keeps its old address. If it was not you, ignore this message.",
    )


ACTIVATION_SUBJECT = "Activate your IMIS account"
REGISTERED_SUBJECT = "Someone asked to register this address with IMIS"
REGISTERED_MESSAGE = (
    "Someone asked to register an IMIS account with this email address. It already has an account, "
    "which stays as it is: nothing has changed.\n\n"
    "If it was you, sign in with this address and your password. Otherwise ignore this message.\n"
)


async def register(
    session: AsyncSession, identity: Identity, mailer: Mailer, data: RegisterIn, address: str
) -> None:
    """Self-registration, limited per client address. The same answer whatever the address: a new
    (or still pending) account gets an activation link, an address with an account a notice."""
    settings = identity.settings
    mailer.check_available()
    await identity.enforce_limit(
        f"register:address:{address}",
        settings.registrations_per_address,
        settings.registration_window_seconds,
        "Too many registrations from this address; try again later.",
    )
    check_password(data.password, data.email)
    password_hash = await identity.passwords.hash(data.password)  # for either answer: both take as long
    existing = await accounts.get_by_email(session, data.email)
    if existing is not None and existing.status != AccountStatus.PENDING:
        await record(session, "account.registration_refused", subject_id=existing.id, client_address=address)
        await mailer.send(data.email, REGISTERED_SUBJECT, REGISTERED_MESSAGE)
        return
    if existing is None:
        account = await create_account(
            session,
            identity.passwords,
            email=data.email,
            password=data.password,
            password_hash=password_hash,
            full_name=data.full_name,
            roles=data.roles,
            preferred_language=data.preferred_language,
            status=AccountStatus.PENDING,
        )
    else:  # still pending: whoever holds the mailbox decides, and the newest registration stands
        account = existing
        account.password_hash, account.full_name = password_hash, data.full_name
        account.preferred_language = data.preferred_language
        wanted = {str(role) for role in data.roles}
        account.role_rows = [row for row in account.role_rows if row.role in wanted]
        account.role_rows += [UserRole(role=role) for role in sorted(wanted - set(account.roles))]
        await session.flush()
    await record(
        session, "account.registered", subject_id=account.id, client_address=address, roles=account.roles
    )
    await mail_link(
        session,
        identity,
        mailer,
        account,
        TokenPurpose.VERIFY_EMAIL,
        to=data.email,
        subject=ACTIVATION_SUBJECT,
        what="registered an IMIS account with this email address",
        after="Until then the account cannot sign in. If it was not you, ignore this message: the "
        "account is never activated.",
    )
