"""POST /api/v1/auth/register: self-registration with self-service roles only."""

from __future__ import annotations

import httpx
from gateway_helpers import PASSWORD, Tokens, login, register


async def user_count(client: httpx.AsyncClient, admin: Tokens) -> int:
    response = await client.get("/api/v1/admin/users", headers=admin.headers)
    assert response.status_code == 200
    total: int = response.json()["total"]
    return total


async def attempt(client: httpx.AsyncClient, **fields: object) -> httpx.Response:
    """POST a registration: a valid job seeker's body with ``fields`` changed or added."""
    body = {
        "email": "someone@example.org",
        "password": PASSWORD,
        "full_name": "Test User",
        "roles": ["job_seeker"],
    }
    return await client.post("/api/v1/auth/register", json={**body, **fields})


class TestRegister:
    async def test_registers_with_self_service_roles_and_normalised_email(
        self, client: httpx.AsyncClient
    ) -> None:
        body = await register(client, "Amina.Hassan@Example.ORG", ["job_seeker", "diaspora_member"])
        assert body["email"] == "amina.hassan@example.org"
        # The document's `format: email` admits no white space around the address, nor does the server.
        padded = await attempt(client, email=" amina.hassan@example.org ")
        assert padded.status_code == 422 and padded.json()["errors"][0]["field"] == "email"
        assert body["roles"] == ["diaspora_member", "job_seeker"]
        assert body["status"] == "active" and body["password_change_required"] is False
        assert "hash" not in str(body)
        assert {key for key in body if "password" in key} == {"password_change_required"}

    async def test_refuses_privileged_roles(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        for role in ("admin", "officer", "editor"):
            response = await attempt(client, email=f"{role}@example.org", roles=[role])
            assert response.status_code == 422
            assert response.headers["content-type"] == "application/problem+json"
            assert [e["field"] for e in response.json()["errors"]] == ["roles.0"]  # the refused item
        assert await user_count(client, admin) == 1  # only the bootstrap admin

    async def test_refuses_a_duplicate_email_whatever_its_case(self, client: httpx.AsyncClient) -> None:
        await register(client, "fatma@example.org")
        response = await attempt(client, email="FATMA@example.org", roles=["employer"])
        assert response.status_code == 409
        assert response.json()["field"] == "email"

    async def test_new_account_can_log_in(self, client: httpx.AsyncClient) -> None:
        await register(client, "omar@example.org", ["employer"])
        tokens = await login(client, "omar@example.org")
        me = (await client.get("/api/v1/auth/me", headers=tokens.headers)).json()
        assert me["email"] == "omar@example.org" and me["roles"] == ["employer"]


class TestRegistrationLimit:
    async def test_an_address_can_register_only_so_many_accounts(self, client: httpx.AsyncClient) -> None:
        for index in range(20):
            await register(client, f"bulk{index}@example.org")
        response = await attempt(client, email="bulk20@example.org")
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) > 0


class TestPasswordPolicy:
    async def _attempt(self, client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
        return await attempt(client, email=email, password=password)

    async def test_refuses_a_short_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "p1@example.org", "short-9")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "password"
        assert "at least 10 characters" in response.json()["errors"][0]["message"]

    async def test_refuses_the_email_as_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "longname12@example.org", "LongName12@example.org")
        assert response.status_code == 422
        assert "email" in response.json()["detail"]

    async def test_refuses_a_common_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "p3@example.org", "1234567890")
        assert response.status_code == 422
        assert "common" in response.json()["detail"]


class TestBadInput:
    """Each bad request is a problem+json naming what is wrong, and writes nothing."""

    async def test_malformed_json(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/register",
            content=b'{"email": "x@example.org",',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert response.json()["type"] == "urn:imis:problem:malformed-json"
        assert await user_count(client, admin) == 1

    async def test_unknown_field(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="u@example.org", is_admin=True)
        assert response.status_code == 422
        assert [(e["field"], e["type"]) for e in response.json()["errors"]] == [
            ("is_admin", "extra_forbidden")
        ]
        assert await user_count(client, admin) == 1

    async def test_wrong_types(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="not-an-email", full_name=42, roles="job_seeker")
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} == {"email", "full_name", "roles"}
        assert await user_count(client, admin) == 1

    async def test_oversized_body(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="big@example.org", full_name="x" * 100_000)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert await user_count(client, admin) == 1

    async def test_wrong_content_type(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/register",
            content=b"email=w@example.org&password=whatever-long-1&full_name=W&roles=job_seeker",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 415
        assert response.json()["type"] == "urn:imis:problem:unsupported-media-type"
        assert await user_count(client, admin) == 1

    async def test_bad_language_code(self, client: httpx.AsyncClient) -> None:
        response = await attempt(client, email="l@example.org", preferred_language="xx")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "preferred_language"
