"""The sign-in's rules (RFC 6749 §4.1, RFC 7636, RFC 8252): which authorization requests are
accepted, and signing a person in to get a code for the client.

Until the client and its redirect URI are known good, an error is shown to the person
(:class:`PageError`) and never sent anywhere: redirecting to an unchecked URI would make the
gateway an open redirector. After that, errors go back to the client's redirect URI
(:class:`RedirectError`) with ``state``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.clients.models import PublicClient
from imis_gateway.clients.redirects import registered_match
from imis_gateway.identity import Identity
from imis_gateway.tokens import service as tokens
from imis_gateway.tokens.pkce import METHOD, S256_CHALLENGE

MAX_STATE = 1024
CSRF_TOKEN_BYTES = 32


@dataclass(frozen=True)
class AuthorizeParams:
    """The authorization request's parameters as sent (query of the page, hidden fields of the form)."""

    response_type: str | None = None
    client_id: str | None = None
    redirect_uri: str | None = None
    code_challenge: str | None = None
    code_challenge_method: str | None = None
    state: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class CheckedRequest:
    client: PublicClient
    redirect_uri: str
    code_challenge: str
    state: str | None


class PageError(Exception):
    """Shown on the page, never redirected: the client or its redirect URI is not known good."""

    def __init__(self, message_key: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key


class RedirectError(Exception):
    """Sent back to the (checked) redirect URI as ``error``, ``error_description`` and ``state``."""

    def __init__(self, error: str, description: str, redirect_uri: str, state: str | None) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.redirect_uri = redirect_uri
        self.state = state


class BadCredentials(Exception):
    """The email or password is wrong, or the account is disabled (the attempt is audited)."""

    # The failed login's audit event is kept.
    keep_changes = True


async def check_request(session: AsyncSession, params: AuthorizeParams) -> CheckedRequest:
    client = await tokens.active_public_client(session, params.client_id) if params.client_id else None
    if client is None:
        raise PageError("unknown_client")
    redirect_uri = params.redirect_uri
    if not redirect_uri or not registered_match(client.redirect_uris, redirect_uri):
        raise PageError("bad_redirect_uri")
    state = params.state or None

    def refuse(error: str, description: str) -> RedirectError:
        return RedirectError(error, description, redirect_uri, state)

    if state is not None and len(state) > MAX_STATE:
        raise refuse("invalid_request", f"state is longer than {MAX_STATE} characters.")
    if not params.response_type:
        raise refuse("invalid_request", "response_type is required: code.")
    if params.response_type != "code":
        raise refuse("unsupported_response_type", "Only response_type=code is supported.")
    if not params.code_challenge:
        raise refuse(
            "invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256."
        )
    if params.code_challenge_method != METHOD:
        raise refuse("invalid_request", "code_challenge_method must be S256 (plain is not accepted).")
    if not S256_CHALLENGE.match(params.code_challenge):
        raise refuse("invalid_request", "code_challenge must be 43 base64url characters (S256).")
    if params.scope:
        raise refuse("invalid_scope", "A person's token carries their roles; the sign-in takes no scope.")
    return CheckedRequest(client, redirect_uri, params.code_challenge, state)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(CSRF_TOKEN_BYTES)


def csrf_matches(cookie: str | None, field: str | None) -> bool:
    """Double-submit check: the form carries the token the page set in its own cookie."""
    if not cookie or not field:
        return False
    return secrets.compare_digest(cookie.encode(), field.encode())


async def sign_in(
    session: AsyncSession,
    identity: Identity,
    checked: CheckedRequest,
    username: str,
    password: str,
    address: str,
) -> str:
    """The code for the person whose credentials these are; the same check, limits and audit as
    the password grant. Raises BadCredentials, or TooManyRequests at a limit."""
    account = await tokens.authenticate_user(
        session, identity, username, password, address, client_id=checked.client.client_id
    )
    if account is None:
        raise BadCredentials
    return await tokens.issue_authorization_code(
        session, identity, account, checked.client, checked.redirect_uri, checked.code_challenge, address
    )
