"""Account rules: registration, password changes, roles and status."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import repository
from imis_gateway.accounts.models import AccountStatus, UserAccount, UserRole
from imis_gateway.accounts.passwords import policy_violation
from imis_gateway.accounts.schemas import MeUpdate
from imis_gateway.audit.service import record
from imis_gateway.credentials import Passwords
from imis_gateway.identity import Identity
from imis_gateway.revocation import Revocations
from imis_shared.auth import Role
from imis_shared.errors import Conflict, NotFound, ValidationFailed


def check_password(password: str, email: str, field: str = "password") -> None:
    reason = policy_violation(password, email)
    if reason:
        raise ValidationFailed.field(field, reason, "password_policy")


async def create_account(
    session: AsyncSession,
    passwords: Passwords,
    *,
    email: str,
    password: str,
    full_name: str,
    roles: Iterable[str],
    preferred_language: str = "en",
    password_field: str = "password",  # noqa: S107 (the name of the field, not a password)
    password_change_required: bool = False,
    status: AccountStatus = AccountStatus.ACTIVE,
    password_hash: str | None = None,
) -> UserAccount:
    """Create an account; the caller has decided which roles are allowed (and may have hashed the
    password already)."""
    check_password(password, email, password_field)
    if await repository.get_by_email(session, email) is not None:
        raise Conflict("An account with this email already exists.", field="email")
    account = UserAccount(
        email=email,
        password_hash=password_hash or await passwords.hash(password),
        full_name=full_name,
        preferred_language=preferred_language,
        status=status,
        password_change_required=password_change_required,
        role_rows=[UserRole(role=str(role)) for role in sorted(set(roles))],
    )
    session.add(account)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent registration of the same email
        raise Conflict("An account with this email already exists.", field="email") from None
    return account


async def get_account(session: AsyncSession, user_id: uuid.UUID) -> UserAccount:
    account = await repository.get(session, user_id)
    if account is None:
        raise NotFound("No such user.")
    return account


async def update_profile(session: AsyncSession, account: UserAccount, data: MeUpdate) -> UserAccount:
    if data.full_name is not None:
        account.full_name = data.full_name
    if data.preferred_language is not None:
        account.preferred_language = data.preferred_language
    await session.flush()
    return account


class WrongCurrentPassword(ValidationFailed):
    # The failure's audit event and, at the limit, the ended sessions are kept.
    keep_changes = True


async def check_current_password(
    session: AsyncSession, identity: Identity, account: UserAccount, current: str, field: str, address: str
) -> None:
    """The account's current password, asked again before a change that matters (a new password, the
    account's deletion). Tries are limited per account (holding an access token is not knowing the
    password): each wrong one is audited and refused naming ``field``, the last one allowed ends every
    session at once (refresh and access tokens: sign in again), and beyond it the answer is 429 for
    the window, without checking the password. A right one clears the count."""
    settings = identity.settings
    key = f"password-change:{account.id}"
    limit = settings.password_change_failures_per_account
    window = settings.password_change_failure_window_seconds
    await identity.enforce_limit(
        key, limit, window, "Too many wrong current passwords; sign in again and try later."
    )
    if not await identity.passwords.verify(account.password_hash, current):
        await record(
            session,
            "account.password_change_failed",
            outcome="failure",
            actor_id=account.id,
            subject_id=account.id,
            client_address=address,
            reason="wrong_current_password",
        )
        if await identity.limiter.retry_after(key, limit, window) is not None:
            await repository.revoke_refresh_tokens(session, account.id)
            await identity.revocations.revoke_subject(str(account.id))
            await record(
                session,
                "account.sessions_ended",
                outcome="failure",
                actor_id=account.id,
                subject_id=account.id,
                client_address=address,
                reason="password_change_failures",
            )
        reason = "The current password is wrong."
        raise WrongCurrentPassword.field(field, reason, "wrong_password")
    await identity.limiter.reset(key)


async def change_password(
    session: AsyncSession, identity: Identity, account: UserAccount, current: str, new: str, address: str
) -> None:
    """Needs the current password (:func:`check_current_password`); ends every session."""
    await check_current_password(session, identity, account, current, "current_password", address)
    if new == current:  # else a password an admin set could be "changed" to itself
        raise ValidationFailed.field(
            "new_password", "Choose a password other than the current one.", "same_password"
        )
    await set_password(session, identity.passwords, identity.revocations, account, new)
    await record(
        session,
        "account.password_changed",
        actor_id=account.id,
        subject_id=account.id,
        client_address=address,
    )


async def set_password(
    session: AsyncSession, passwords: Passwords, revocations: Revocations, account: UserAccount, new: str
) -> None:
    """The user's own new password (checked against the policy, on ``new_password``): it ends every
    session at once, access tokens included, and a password an admin set no longer needs changing."""
    check_password(new, account.email, field="new_password")
    account.password_hash = await passwords.hash(new)
    account.password_change_required = False
    await session.flush()
    await repository.revoke_refresh_tokens(session, account.id)
    await revocations.revoke_subject(str(account.id))


async def grant_role(
    session: AsyncSession, account: UserAccount, role: Role, actor_id: str | None
) -> UserAccount:
    if role not in account.roles:
        account.role_rows.append(UserRole(role=role))
        await session.flush()
        await record(session, "role.granted", actor_id=actor_id, subject_id=account.id, role=role)
    return account


async def revoke_role(
    session: AsyncSession, revocations: Revocations, account: UserAccount, role: Role, actor_id: str | None
) -> UserAccount:
    """Takes ``role`` away at once: the account's tokens, which carry its roles, stop working."""
    rows = [row for row in account.role_rows if row.role == role]
    if not rows:
        raise NotFound(f"The user does not hold the role {role}.")
    if role == Role.ADMIN and str(account.id) == actor_id:
        raise Conflict("Administrators cannot remove their own admin role.")
    for row in rows:
        account.role_rows.remove(row)
    await session.flush()
    await revocations.revoke_subject(str(account.id))
    await record(session, "role.revoked", actor_id=actor_id, subject_id=account.id, role=role)
    return account


async def set_status(
    session: AsyncSession,
    revocations: Revocations,
    account: UserAccount,
    status: AccountStatus,
    actor_id: str | None,
) -> UserAccount:
    """Disabling ends every session at once, access tokens included."""
    if status == account.status:
        return account
    if status == AccountStatus.DISABLED and str(account.id) == actor_id:
        raise Conflict("Administrators cannot disable their own account.")
    account.status = status
    await session.flush()
    if status == AccountStatus.DISABLED:
        await repository.revoke_refresh_tokens(session, account.id)
        await revocations.revoke_subject(str(account.id))
    await record(session, f"account.{status.value}", actor_id=actor_id, subject_id=account.id)
    return account


async def ensure_admin(session: AsyncSession, passwords: Passwords, email: str, password: str) -> UserAccount:
    """Create the bootstrap admin, or make sure the existing account is an admin (idempotent)."""
    account = await repository.get_by_email(session, email)
    if account is None:
        account = await create_account(
            session, passwords, email=email, password=password, full_name="Administrator", roles=[Role.ADMIN]
        )
        await record(session, "account.bootstrap_admin_created", subject_id=account.id)
    elif Role.ADMIN not in account.roles:
        await grant_role(session, account, Role.ADMIN, actor_id="bootstrap")
    return account
