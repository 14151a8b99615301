"""Limits on guessing a password or a client secret at the token endpoint (and the sign-in page).

Logins (docs/architecture.md, "Guessing passwords"):

- per client address, every attempt: 30 per 5 minutes, whatever the account;
- per account *and* address, failures in a row: 5, then that address waits (15 minutes) — a
  success clears it. A stranger's failures therefore never lock the owner out from elsewhere;
- per account, failures from every address: a ceiling (100 per 15 minutes) against guessing from
  many addresses. Beyond it the account is slowed, not locked: addresses it has not signed in
  from lately share a trickle (1 per minute), while its usual addresses (a success within 90 days)
  go on as before.

Machine clients: failures per address (30 per 15 minutes) and per client id (10 per 15 minutes,
except from addresses that client authenticated from), checked before the argon2 verification,
so a refused guess costs no hashing.

Every limit is on the name given (email, client id), known or not, so the answers do not tell
which accounts or clients exist.
"""

from __future__ import annotations

from imis_gateway.identity import Identity
from imis_shared.errors import TooManyRequests

LOGIN_REFUSAL = "Too many login attempts; try again later."
CLIENT_REFUSAL = "Too many failed client authentications; try again later."


def _login_pair(email: str, address: str) -> str:
    return f"login:account-address:{email}|{address}"


def _known(kind: str, name: str, address: str) -> str:
    return f"{kind}:known:{name}|{address}"


async def _is_known(identity: Identity, kind: str, name: str, address: str) -> bool:
    """Whether ``name`` succeeded from ``address`` lately (a marker hit, read without counting)."""
    window = identity.settings.login_known_address_seconds
    return await identity.limiter.retry_after(_known(kind, name, address), 1, window) is not None


async def _remember(identity: Identity, kind: str, name: str, address: str) -> None:
    key = _known(kind, name, address)
    await identity.limiter.reset(key)  # one hit per marker, renewed
    await identity.limiter.hit(key, identity.settings.login_known_address_seconds)


async def check_login(identity: Identity, email: str, address: str) -> None:
    """Count the attempt; 429 (TooManyRequests) when the address, the account from this address,
    or (beyond its ceiling, from an unusual address) the account is at its limit.

    The address and account-and-address counts are checked and taken in one step (atomic in
    Redis), so concurrent attempts, on one replica or several, cannot all slip under them."""
    settings = identity.settings
    await identity.enforce_limit(
        f"login:address:{address}",
        settings.login_attempts_per_address,
        settings.login_address_window_seconds,
        LOGIN_REFUSAL,
    )
    await identity.enforce_limit(
        _login_pair(email, address),
        settings.login_failures_per_account_address,
        settings.login_failure_window_seconds,
        LOGIN_REFUSAL,
    )
    over_ceiling = await identity.limiter.retry_after(
        f"login:account:{email}", settings.login_failures_per_account, settings.login_failure_window_seconds
    )
    if over_ceiling is not None and not await _is_known(identity, "login", email, address):
        await identity.enforce_limit(
            f"login:account-slowed:{email}",
            settings.login_slowed_attempts_per_account,
            settings.login_slowed_window_seconds,
            LOGIN_REFUSAL,
        )


async def login_failed(identity: Identity, email: str) -> None:
    await identity.limiter.hit(f"login:account:{email}", identity.settings.login_failure_window_seconds)


async def login_succeeded(identity: Identity, email: str, address: str) -> None:
    """Clear this address's failures for the account and make it one of its usual addresses. The
    account's ceiling is not cleared: the owner signing in does not stop a guesser elsewhere."""
    await identity.limiter.reset(_login_pair(email, address))
    await _remember(identity, "login", email, address)


async def check_client(identity: Identity, client_id: str, address: str) -> None:
    """429 when the address, or the client id from an address it never authenticated from, has
    had too many failures; called before the secret is verified."""
    settings = identity.settings
    window = settings.client_auth_failure_window_seconds
    wait = await identity.limiter.retry_after(
        f"client:address:{address}", settings.client_auth_failures_per_address, window
    )
    if wait is None:
        wait = await identity.limiter.retry_after(
            f"client:id:{client_id}", settings.client_auth_failures_per_client, window
        )
        if wait is not None and await _is_known(identity, "client", client_id, address):
            wait = None
    if wait is not None:
        raise TooManyRequests(CLIENT_REFUSAL, retry_after=wait)


async def client_failed(identity: Identity, client_id: str, address: str) -> None:
    window = identity.settings.client_auth_failure_window_seconds
    await identity.limiter.hit(f"client:address:{address}", window)
    await identity.limiter.hit(f"client:id:{client_id}", window)


async def client_succeeded(identity: Identity, client_id: str, address: str) -> None:
    await _remember(identity, "client", client_id, address)
