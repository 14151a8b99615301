"""Limits on guessing secrets: machine-client secrets, passwords at login without letting a
stranger lock the owner out, and the current password in a password change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from gateway_helpers import PASSWORD, Tokens, login, register
from signin_helpers import (
    AUTHORIZE_URL,
    authorize_params,
    create_public_client,
    parse_page,
    pkce_pair,
    submit,
)

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_testing import app_client

TOKEN_URL = "/api/v1/auth/token"
OWNER_ADDRESS = "203.0.113.7"  # the address of every app_client


@asynccontextmanager
async def gateway(
    settings: GatewaySettings, **changes: Any
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings.model_copy(update=changes))
    async with app_client(app) as client:
        yield app, client


@asynccontextmanager
async def from_address(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """Another caller of the same running app, connecting from ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def password_login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "password", "username": email, "password": password}
    )


async def client_login(client: httpx.AsyncClient, client_id: str, secret: str) -> httpx.Response:
    return await client.post(
        TOKEN_URL, data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    )


async def audit(client: httpx.AsyncClient, admin: Tokens, event: str) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/admin/audit-events", params={"event": event, "limit": 100}, headers=admin.headers
    )
    assert response.status_code == 200
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def assert_limited(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["content-type"] == "application/problem+json"


class TestClientSecretGuessing:
    """Wrong machine-client secrets are limited per client id and per address, before argon2."""

    async def _machine_client(self, client: httpx.AsyncClient, admin: Tokens) -> tuple[str, str]:
        response = await client.post(
            "/api/v1/admin/clients",
            json={"name": "Ministry HR", "scopes": ["jobs:read"]},
            headers=admin.headers,
        )
        assert response.status_code == 201
        return response.json()["client_id"], response.json()["client_secret"]

    async def test_wrong_secrets_for_one_client_end_in_429_without_hashing(
        self,
        client: httpx.AsyncClient,
        admin: Tokens,
        settings: GatewaySettings,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        client_id, secret = await self._machine_client(client, admin)
        async with gateway(settings, client_auth_failures_per_client=3) as (app, replica):
            verified: list[str] = []
            passwords = app.state.identity.passwords
            real_verify = passwords.verify

            async def counting_verify(stored: str | None, given: str) -> bool:
                verified.append(given)
                return bool(await real_verify(stored, given))

            monkeypatch.setattr(passwords, "verify", counting_verify)
            async with from_address(app, "198.51.100.20") as stranger:
                statuses = [
                    (await client_login(stranger, client_id, f"guess-{n}")).status_code for n in range(3)
                ]
                assert statuses == [401, 401, 401]
                refused = await client_login(stranger, client_id, "guess-4")
                assert_limited(refused)
                assert_limited(await client_login(stranger, client_id, secret))  # even the right one
            assert len(verified) == 3  # the refused tries were never hashed
            # The client itself, from an address it never authenticated from, waits too...
            assert_limited(await client_login(replica, client_id, secret))
        # ...but another client id is not limited.
        other_id, other_secret = await self._machine_client(client, admin)
        assert (await client_login(client, other_id, other_secret)).status_code == 200
        assert len(await audit(client, admin, "client.auth_failed")) == 3

    async def test_the_client_from_its_usual_address_is_not_locked_out(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings
    ) -> None:
        client_id, secret = await self._machine_client(client, admin)
        async with gateway(settings, client_auth_failures_per_client=3) as (app, replica):
            assert (await client_login(replica, client_id, secret)).status_code == 200
            async with from_address(app, "198.51.100.21") as stranger:
                for n in range(4):
                    await client_login(stranger, client_id, f"guess-{n}")
                assert_limited(await client_login(stranger, client_id, secret))
            assert (await client_login(replica, client_id, secret)).status_code == 200

    async def test_an_address_is_limited_across_client_ids(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings
    ) -> None:
        client_id, secret = await self._machine_client(client, admin)
        async with gateway(settings, client_auth_failures_per_address=4) as (app, replica):
            async with from_address(app, "198.51.100.22") as stranger:
                statuses = [
                    (await client_login(stranger, f"imis-unknown-{n}", "x")).status_code for n in range(5)
                ]
                assert statuses == [401] * 4 + [429]
                assert_limited(await client_login(stranger, client_id, secret))
            assert (await client_login(replica, client_id, secret)).status_code == 200  # other address


class TestStrangerCannotLockTheOwnerOut:
    """Failures count per account and address; the account-wide ceiling slows, it does not lock."""

    async def test_failures_from_another_address_do_not_lock_the_owner(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        await register(client, "owner@example.org")
        async with gateway(settings) as (app, owner):
            async with from_address(app, "198.51.100.30") as stranger:
                statuses = [
                    (await password_login(stranger, "owner@example.org", "wrong-password-1")).status_code
                    for _ in range(6)
                ]
                assert statuses == [400] * 5 + [429]
                assert_limited(await password_login(stranger, "owner@example.org", PASSWORD))
            assert (await password_login(owner, "owner@example.org", PASSWORD)).status_code == 200

    async def test_the_owners_own_failures_still_lock_their_address(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        await register(client, "owner@example.org")
        async with gateway(settings) as (_app, owner):
            for _ in range(5):
                assert (
                    await password_login(owner, "owner@example.org", "wrong-password-1")
                ).status_code == 400
            assert_limited(await password_login(owner, "owner@example.org", PASSWORD))

    async def test_beyond_the_ceiling_new_addresses_are_slowed_and_usual_ones_are_not(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        await register(client, "owner@example.org")
        async with gateway(settings, login_failures_per_account=3, login_slowed_attempts_per_account=1) as (
            app,
            owner,
        ):
            await login(owner, "owner@example.org")  # the owner's usual address
            for index in range(3):  # a guesser spread over many addresses reaches the ceiling
                async with from_address(app, f"198.51.100.{40 + index}") as guesser:
                    assert (await password_login(guesser, "owner@example.org", "wrong-1")).status_code == 400
            async with (
                from_address(app, "198.51.100.50") as first,
                from_address(app, "198.51.100.51") as second,
            ):
                # New addresses share one slow trickle: one try, then wait.
                assert (await password_login(first, "owner@example.org", "wrong-1")).status_code == 400
                assert_limited(await password_login(second, "owner@example.org", PASSWORD))
            # The owner from their usual address signs in as ever.
            assert (await password_login(owner, "owner@example.org", PASSWORD)).status_code == 200
            assert (await password_login(owner, "owner@example.org", "wrong-1")).status_code == 400
            assert (await password_login(owner, "owner@example.org", PASSWORD)).status_code == 200

    async def test_the_sign_in_page_counts_the_same_way(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings
    ) -> None:
        await register(client, "owner@example.org")
        portal = await create_public_client(client, admin)
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge)
        async with gateway(settings) as (app, owner):
            async with from_address(app, "198.51.100.31") as stranger:
                page = parse_page((await stranger.get(AUTHORIZE_URL, params=params)).text)
                statuses = [
                    (await submit(stranger, page, "owner@example.org", "wrong-password-1")).status_code
                    for _ in range(6)
                ]
                assert statuses == [400] * 5 + [429]
                assert_limited(await password_login(stranger, "owner@example.org", PASSWORD))  # both ways in
            page = parse_page((await owner.get(AUTHORIZE_URL, params=params)).text)
            signed_in = await submit(owner, page, "owner@example.org", PASSWORD)
            assert signed_in.status_code == 303 and "code=" in signed_in.headers["location"]

    async def test_unknown_and_existing_emails_are_limited_alike(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        await register(client, "owner@example.org")
        async with gateway(settings) as (_app, caller):
            for email in ("owner@example.org", "nobody@example.org"):
                statuses = [
                    (await password_login(caller, email, "wrong-password-1")).status_code for _ in range(6)
                ]
                assert statuses == [400] * 5 + [429]


class TestPasswordChangeGuessing:
    """Holding an access token is not knowing the password: wrong current passwords are limited."""

    async def _change(self, client: httpx.AsyncClient, tokens: Tokens, current: str) -> httpx.Response:
        return await client.post(
            "/api/v1/auth/me/password",
            json={"current_password": current, "new_password": "another-long-passphrase-7"},
            headers=tokens.headers,
        )

    async def test_wrong_current_passwords_end_the_sessions_then_429(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings
    ) -> None:
        user = await register(client, "holder@example.org")
        async with gateway(settings, password_change_failures_per_account=3) as (_app, replica):
            tokens = await login(replica, "holder@example.org")
            for attempt in range(3):
                response = await self._change(replica, tokens, f"guess-number-{attempt}")
                assert response.status_code == 422
                assert response.json()["errors"][0]["field"] == "current_password"
            # Every session is over at once: the access token and the refresh token no longer work.
            assert (await self._change(replica, tokens, PASSWORD)).status_code == 401
            refreshed = await replica.post(
                TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": tokens.refresh}
            )
            assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
            # Signed in again (the password is unchanged), changes wait for the window: even the right one.
            again = await login(replica, "holder@example.org")
            assert_limited(await self._change(replica, again, PASSWORD))
        failures = await audit(client, admin, "account.password_change_failed")
        assert len(failures) == 3
        assert {event["subject_id"] for event in failures} == {user["id"]}
        assert all(event["outcome"] == "failure" for event in failures)
        assert "guess-number" not in str(failures) and PASSWORD not in str(failures)
        ended = await audit(client, admin, "account.sessions_ended")
        assert [event["subject_id"] for event in ended] == [user["id"]]

    async def test_a_change_within_the_limit_works_and_other_accounts_are_not_limited(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        await register(client, "holder@example.org")
        await register(client, "neighbour@example.org")
        async with gateway(settings, password_change_failures_per_account=2) as (_app, replica):
            holder = await login(replica, "holder@example.org")
            neighbour = await login(replica, "neighbour@example.org")
            assert (await self._change(replica, holder, "guess-number-1")).status_code == 422
            assert (await self._change(replica, holder, "guess-number-2")).status_code == 422
            assert (await self._change(replica, holder, PASSWORD)).status_code == 401  # signed out
            assert_limited(await self._change(replica, await login(replica, "holder@example.org"), PASSWORD))
            assert (await self._change(replica, neighbour, "guess-number-1")).status_code == 422
            assert (await self._change(replica, neighbour, PASSWORD)).status_code == 204
