"""Attack suite: SQL metacharacters, LIKE wildcards, NUL bytes, over-long and odd Unicode values in
every string query parameter of the gateway's own operations (docs/security.md)."""

from __future__ import annotations

import base64

import httpx
from gateway_helpers import Tokens, register

from imis_testing.attacks import assert_parameters_survive_injection, string_query_parameters

PREFIXES = ("/api/v1/admin/", "/api/v1/auth/")


class TestInjectionInQueryParameters:
    def test_the_document_gives_parameters_to_attack(self) -> None:
        assert string_query_parameters(PREFIXES[0])

    async def test_no_value_breaks_a_parameter(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        sent = sum([await assert_parameters_survive_injection(client, p, admin.headers) for p in PREFIXES])
        assert sent > 0


class TestLikeWildcardsMatchLiterally:
    async def test_account_search(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        await register(client, "first_last@example.org")
        await register(client, "firstXlast@example.org")

        async def emails(q: str) -> list[str]:
            response = await client.get("/api/v1/admin/users", params={"q": q}, headers=admin.headers)
            assert response.status_code == 200, response.text
            return sorted(item["email"] for item in response.json()["items"])

        assert await emails("first_last") == ["first_last@example.org"]
        assert await emails("_") == ["first_last@example.org"]
        assert await emails("%") == []
        assert await emails("first%last") == []
        assert len(await emails("example.org")) == 2


class TestNulInTheTokenRequest:
    """The token endpoint reads its own form: a NUL is an RFC 6749 error there, not a 500 (it was
    one on PostgreSQL)."""

    async def test_refused_in_the_form_and_in_basic_credentials(self, client: httpx.AsyncClient) -> None:
        password = {"grant_type": "password", "username": "a\x00@example.org", "password": "p"}
        response = await client.post("/api/v1/auth/token", data=password)
        assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
        assert "username" in response.json()["error_description"]
        machine = {"grant_type": "client_credentials", "client_id": "c\x00", "client_secret": "s"}
        response = await client.post("/api/v1/auth/token", data=machine)
        assert (response.status_code, response.json()["error"]) == (400, "invalid_request")
        basic = "Basic " + base64.b64encode(b"c\x00:s").decode()
        response = await client.post(
            "/api/v1/auth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": basic}
        )
        assert (response.status_code, response.json()["error"]) == (401, "invalid_client")
