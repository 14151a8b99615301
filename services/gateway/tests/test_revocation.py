"""Revocation takes effect at once: an access token stops working the moment its account is disabled,
its session logged out, its password changed, a role taken away, or its machine client revoked; at
the gateway's own routes and through the proxy alike."""

from __future__ import annotations

import httpx
from gateway_helpers import PASSWORD, Tokens, login, register

from imis_gateway.revocation import MemoryRevocations

ME = "/api/v1/auth/me"
PROXIED = "/api/v1/jobs/echo/anything"


async def works(client: httpx.AsyncClient, tokens: Tokens) -> tuple[int, int]:
    """The status of the caller's own account read and of a call through the proxy."""
    return (
        (await client.get(ME, headers=tokens.headers)).status_code,
        (await client.get(PROXIED, headers=tokens.headers)).status_code,
    )


async def user_id(client: httpx.AsyncClient, tokens: Tokens) -> str:
    return str((await client.get(ME, headers=tokens.headers)).json()["id"])


class TestPeople:
    async def test_disabling_an_account_stops_its_tokens_and_enabling_needs_a_new_sign_in(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens
    ) -> None:
        assert await works(client, seeker) == (200, 200)
        target = await user_id(client, seeker)
        disabled = await client.put(
            f"/api/v1/admin/users/{target}/status", json={"status": "disabled"}, headers=admin.headers
        )
        assert disabled.status_code == 200
        assert await works(client, seeker) == (401, 401)
        await client.put(
            f"/api/v1/admin/users/{target}/status", json={"status": "active"}, headers=admin.headers
        )
        assert await works(client, seeker) == (401, 401)  # re-enabling does not revive old tokens
        assert await works(client, await login(client, "seeker@example.org")) == (200, 200)

    async def test_logout_ends_that_session_only(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        other = await login(client, "seeker@example.org")
        logged_out = await client.post("/api/v1/auth/logout", json={"refresh_token": seeker.refresh})
        assert logged_out.status_code == 204
        assert await works(client, seeker) == (401, 401)
        assert await works(client, other) == (200, 200)

    async def test_a_new_password_ends_every_session_but_the_next_sign_in_works_at_once(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        other = await login(client, "seeker@example.org")
        changed = await client.post(
            f"{ME}/password",
            json={"current_password": PASSWORD, "new_password": "another-long-passphrase-7"},
            headers=seeker.headers,
        )
        assert changed.status_code == 204
        assert await works(client, seeker) == (401, 401)
        assert await works(client, other) == (401, 401)
        fresh = await login(client, "seeker@example.org", "another-long-passphrase-7")
        assert await works(client, fresh) == (200, 200)

    async def test_revoking_a_role_stops_the_tokens_that_carry_it(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        await register(client, "editor@example.org")
        user = await login(client, "editor@example.org")
        target = await user_id(client, user)
        await client.post(
            f"/api/v1/admin/users/{target}/roles", json={"role": "editor"}, headers=admin.headers
        )
        editor = await login(client, "editor@example.org")
        assert await works(client, editor) == (200, 200)
        revoked = await client.delete(f"/api/v1/admin/users/{target}/roles/editor", headers=admin.headers)
        assert revoked.status_code == 200
        assert await works(client, editor) == (401, 401)
        again = await login(client, "editor@example.org")
        assert await works(client, again) == (200, 200)
        assert "editor" not in (await client.get(ME, headers=again.headers)).json()["roles"]

    async def test_a_refused_token_says_so_as_a_problem(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        await client.post("/api/v1/auth/logout", json={"refresh_token": seeker.refresh})
        refused = await client.get(PROXIED, headers=seeker.headers)
        assert refused.headers["content-type"] == "application/problem+json"
        assert "revoked" in refused.json()["detail"]


class TestMachineClients:
    async def test_a_revoked_client_s_token_stops_at_once(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        created = (
            await client.post(
                "/api/v1/admin/clients",
                json={"name": "Partner", "scopes": ["jobs:read"]},
                headers=admin.headers,
            )
        ).json()
        token = await client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": created["client_id"],
                "client_secret": created["client_secret"],
            },
        )
        machine = {"Authorization": f"Bearer {token.json()['access_token']}"}
        assert (await client.get(PROXIED, headers=machine)).status_code == 200
        revoked = await client.delete(f"/api/v1/admin/clients/{created['id']}", headers=admin.headers)
        assert revoked.status_code == 200
        assert (await client.get(PROXIED, headers=machine)).status_code == 401


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class TestTheList:
    async def test_a_subject_refuses_tokens_issued_until_its_revocation_only(self) -> None:
        clock = Clock()
        revocations = MemoryRevocations(keep_seconds=930, clock=clock)
        await revocations.revoke_subject("user-1")
        assert await revocations.is_revoked("user-1", None, clock.now - 60)
        assert await revocations.is_revoked("user-1", None, clock.now)
        assert not await revocations.is_revoked("user-1", None, clock.now + 0.001)
        assert not await revocations.is_revoked("user-2", None, clock.now - 60)

    async def test_a_session_refuses_its_tokens_only(self) -> None:
        revocations = MemoryRevocations(keep_seconds=930, clock=Clock())
        await revocations.revoke_session("family-1")
        assert await revocations.is_revoked("user-1", "family-1", 0)
        assert not await revocations.is_revoked("user-1", "family-2", 0)
        assert not await revocations.is_revoked("user-1", None, 0)

    async def test_entries_are_forgotten_once_no_token_they_refuse_can_be_valid(self) -> None:
        clock = Clock()
        revocations = MemoryRevocations(keep_seconds=930, clock=clock)
        await revocations.revoke_subject("user-1")
        await revocations.revoke_session("family-1")
        issued = clock.now - 1
        clock.now += 931
        assert not await revocations.is_revoked("user-1", "family-1", issued)
        await revocations.revoke_subject("user-2")  # writing prunes what is forgotten
        assert set(revocations._subjects) == {"user-2"} and not revocations._sessions
