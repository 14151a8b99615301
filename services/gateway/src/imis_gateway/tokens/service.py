"""OAuth2 grants: password, refresh_token (rotating), client_credentials and authorization_code
(with PKCE), and the sign-in's authorization codes.

Access tokens are short-lived JWTs (RFC 9068 ``at+jwt``); refresh tokens are
opaque random strings stored as SHA-256 hashes. Presenting a refresh token
that was already rotated away is treated as theft: its whole family is revoked. So is an
authorization code presented twice (RFC 6749 §4.1.2): the tokens issued for it are revoked.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import repository as accounts
from imis_gateway.accounts.models import AccountStatus, RefreshToken, UserAccount
from imis_gateway.audit.service import record
from imis_gateway.clients import repository as clients
from imis_gateway.clients.models import PublicClient
from imis_gateway.credentials import hash_token
from imis_gateway.identity import Identity
from imis_gateway.tokens import limits, repository
from imis_gateway.tokens.errors import OAuthError
from imis_gateway.tokens.keys import KeySet
from imis_gateway.tokens.models import AuthorizationCode
from imis_gateway.tokens.pkce import verifier_matches
from imis_shared.auth import ACCESS_TOKEN_TYPE, PASSWORD_CHANGE_CLAIM
from imis_shared.db import utcnow


@dataclass
class TokenGrant:
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None


def issue_access_token(
    identity: Identity,
    keys: KeySet,
    subject: str,
    *,
    roles: list[str] | None = None,
    scope: str | None = None,
    client_id: str | None = None,
    verified_email: str | None = None,
    password_change_required: bool = False,
    session_id: str | None = None,
) -> tuple[str, int]:
    settings = identity.settings
    now = utcnow()
    ttl = settings.access_token_ttl_seconds
    claims: dict[str, object] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        # To the millisecond: a token issued just after a revocation must not count as before it.
        "iat": round(now.timestamp(), 3),
        "nbf": int(now.timestamp()),
        "exp": int(now.timestamp()) + ttl,
        "jti": uuid.uuid4().hex,
    }
    if roles is not None:
        claims["roles"] = roles
    if scope:
        claims["scope"] = scope
    if client_id:
        claims["client_id"] = client_id
    if session_id:  # the refresh-token family: logout revokes the session's access tokens too
        claims["sid"] = session_id
    if verified_email:  # OIDC standard claims, only ever for a verified address
        claims["email"] = verified_email
        claims["email_verified"] = True
    if password_change_required:  # every service (and the proxy) refuses the token but for the change
        claims[PASSWORD_CHANGE_CLAIM] = True
    return keys.current.sign(claims, ACCESS_TOKEN_TYPE), ttl


async def _new_refresh_token(
    session: AsyncSession, identity: Identity, user_id: uuid.UUID, family_id: uuid.UUID
) -> str:
    token = secrets.token_urlsafe(48)
    session.add(
        RefreshToken(
            user_id=user_id,
            family_id=family_id,
            token_hash=hash_token(token),
            expires_at=utcnow() + timedelta(seconds=identity.settings.refresh_token_ttl_seconds),
        )
    )
    await session.flush()
    return token


async def _user_grant(
    session: AsyncSession, identity: Identity, keys: KeySet, account: UserAccount, family_id: uuid.UUID
) -> TokenGrant:
    access, ttl = issue_access_token(
        identity,
        keys,
        str(account.id),
        roles=account.roles,
        verified_email=account.email if account.email_verified_at is not None else None,
        password_change_required=account.password_change_required,
        session_id=str(family_id),
    )
    refresh = await _new_refresh_token(session, identity, account.id, family_id)
    return TokenGrant(access_token=access, expires_in=ttl, refresh_token=refresh)


async def authenticate_user(
    session: AsyncSession,
    identity: Identity,
    username: str,
    password: str,
    address: str,
    **details: Any,
) -> UserAccount | None:
    """The active account whose email and password these are, or None (the attempt is audited and
    counted). One check for the password grant and the sign-in page: same limits,
    same audit events. Raises TooManyRequests at a limit (tokens/limits.py)."""
    email = username.strip().lower()
    await limits.check_login(identity, email, address)
    account = await accounts.get_by_email(session, email)
    valid = await identity.passwords.verify(account.password_hash if account else None, password)
    if account is None or not valid or account.status != AccountStatus.ACTIVE:
        reason = "disabled" if account is not None and valid else "bad_credentials"
        await record(
            session,
            "login.failed",
            outcome="failure",
            subject_id=account.id if account else None,
            client_address=address,
            reason=reason,
            **details,
        )
        await limits.login_failed(identity, email)
        return None
    await limits.login_succeeded(identity, email, address)
    if identity.passwords.needs_rehash(account.password_hash):
        account.password_hash = await identity.passwords.hash(password)
    account.last_login_at = utcnow()
    await record(session, "login.succeeded", subject_id=account.id, client_address=address, **details)
    return account


async def password_grant(
    session: AsyncSession, identity: Identity, keys: KeySet, username: str, password: str, address: str
) -> TokenGrant:
    account = await authenticate_user(session, identity, username, password, address)
    if account is None:
        raise OAuthError(
            "invalid_grant",
            "The email or password is wrong, or the account is not active (disabled, or not yet activated "
            "by the link mailed to it).",
        )
    return await _user_grant(session, identity, keys, account, uuid.uuid4())


async def active_public_client(session: AsyncSession, client_id: str) -> PublicClient | None:
    """The registered, unrevoked public client ``client_id``, or None."""
    client = await clients.get_public_by_client_id(session, client_id)
    return client if client is not None and client.revoked_at is None else None


# Codes that expired this long ago are deleted when new ones are issued; until then a code that
# comes back after its expiry is still recognised as reused.
_CODE_RETENTION = timedelta(days=1)


async def issue_authorization_code(
    session: AsyncSession,
    identity: Identity,
    account: UserAccount,
    client: PublicClient,
    redirect_uri: str,
    code_challenge: str,
    address: str,
) -> str:
    """A new single-use code for ``account``, bound to the client, redirect URI and PKCE challenge."""
    now = utcnow()
    await repository.delete_expired_codes(session, now - _CODE_RETENTION)
    code = secrets.token_urlsafe(32)
    session.add(
        AuthorizationCode(
            code_hash=hash_token(code),
            client_id=client.client_id,
            redirect_uri=redirect_uri,
            code_challenge=code_challenge,
            user_id=account.id,
            family_id=uuid.uuid4(),
            issued_at=now,
            expires_at=now + timedelta(seconds=identity.settings.authorization_code_ttl_seconds),
        )
    )
    client.last_used_at = now
    await session.flush()
    await record(
        session,
        "authorization_code.issued",
        subject_id=account.id,
        client_address=address,
        client_id=client.client_id,
    )
    return code


async def authorization_code_grant(
    session: AsyncSession,
    identity: Identity,
    keys: KeySet,
    code: str,
    redirect_uri: str,
    client_id: str,
    code_verifier: str,
    address: str,
) -> TokenGrant:
    """RFC 6749 §4.1.3 with RFC 7636 §4.6: the code, once, by the client it was issued to, with the
    redirect URI it was sent to and the verifier of its challenge."""
    if await active_public_client(session, client_id) is None:
        await record(
            session, "client.auth_failed", outcome="failure", subject_id=client_id, client_address=address
        )
        raise OAuthError("invalid_client", "Unknown or revoked client.", status=401)
    invalid = OAuthError("invalid_grant", "The authorization code is invalid, expired or already used.")
    stored = await repository.get_code(session, hash_token(code))
    if stored is None:
        raise invalid
    if stored.used_at is not None or not await repository.spend_code(session, stored.id):
        # A code presented twice: someone else may hold it. End what it gave (RFC 6749 §4.1.2): the
        # refresh tokens of its login, and its access tokens at once.
        await accounts.revoke_refresh_family(session, stored.family_id)
        await identity.revocations.revoke_session(str(stored.family_id))
        await record(
            session,
            "authorization_code.reused",
            outcome="failure",
            subject_id=stored.user_id,
            client_address=address,
            client_id=client_id,
        )
        raise invalid
    if stored.expires_at <= utcnow():
        raise invalid
    if stored.client_id != client_id or stored.redirect_uri != redirect_uri:
        raise OAuthError("invalid_grant", "The code was issued to another client or redirect URI.")
    if not verifier_matches(code_verifier, stored.code_challenge):
        raise OAuthError("invalid_grant", "The code_verifier does not match the code_challenge.")
    account = await accounts.get(session, stored.user_id)
    if account is None or account.status != AccountStatus.ACTIVE:
        raise invalid
    await record(
        session,
        "authorization_code.redeemed",
        subject_id=account.id,
        client_address=address,
        client_id=client_id,
    )
    return await _user_grant(session, identity, keys, account, stored.family_id)


async def refresh_grant(
    session: AsyncSession, identity: Identity, keys: KeySet, token: str, address: str
) -> TokenGrant:
    stored = await accounts.get_refresh_token(session, hash_token(token))
    invalid = OAuthError("invalid_grant", "The refresh token is invalid, expired or revoked.")
    if stored is None:
        raise invalid
    if stored.used_at is not None:
        # A rotated-away token came back: someone holds a copy. Revoke the family.
        await accounts.revoke_refresh_family(session, stored.family_id)
        await record(
            session,
            "refresh_token.reused",
            outcome="failure",
            subject_id=stored.user_id,
            client_address=address,
            family_id=str(stored.family_id),
        )
        raise invalid
    if stored.revoked_at is not None or stored.expires_at <= utcnow():
        raise invalid
    account = await accounts.get(session, stored.user_id)
    if account is None or account.status != AccountStatus.ACTIVE:
        await accounts.revoke_refresh_family(session, stored.family_id)
        raise invalid
    # Conditional update: of two concurrent refreshes with one token, one wins.
    if not await accounts.spend_refresh_token(session, stored.id):
        await accounts.revoke_refresh_family(session, stored.family_id)
        raise invalid
    return await _user_grant(session, identity, keys, account, stored.family_id)


async def logout(session: AsyncSession, identity: Identity, token: str) -> bool:
    """Revoke the family of ``token`` and its access tokens; False when the token is unknown."""
    stored = await accounts.get_refresh_token(session, hash_token(token))
    if stored is None:
        return False
    await accounts.revoke_refresh_family(session, stored.family_id)
    await identity.revocations.revoke_session(str(stored.family_id))
    await record(session, "logout", subject_id=stored.user_id)
    return True


async def client_credentials_grant(
    session: AsyncSession,
    identity: Identity,
    keys: KeySet,
    client_id: str,
    client_secret: str,
    requested_scope: str | None,
    address: str,
) -> TokenGrant:
    await limits.check_client(identity, client_id, address)  # before the hashing a guess costs
    client = await clients.get_by_client_id(session, client_id)
    valid = await identity.passwords.verify(client.secret_hash if client else None, client_secret)
    if client is None or not valid or client.revoked_at is not None:
        await record(
            session, "client.auth_failed", outcome="failure", subject_id=client_id, client_address=address
        )
        await limits.client_failed(identity, client_id, address)
        raise OAuthError("invalid_client", "Client authentication failed.", status=401)
    await limits.client_succeeded(identity, client_id, address)
    granted = set(client.scopes)
    if requested_scope:
        requested = set(requested_scope.split())
        if not requested <= granted:
            raise OAuthError(
                "invalid_scope", f"Not granted to this client: {' '.join(sorted(requested - granted))}."
            )
        granted = requested
    client.last_used_at = utcnow()
    scope = " ".join(sorted(granted))
    access, ttl = issue_access_token(
        identity, keys, client.client_id, scope=scope, client_id=client.client_id
    )
    await record(session, "client.token_issued", subject_id=client.client_id, client_address=address)
    return TokenGrant(access_token=access, expires_in=ttl, scope=scope)
