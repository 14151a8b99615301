"""Attack suite: identity and forwarding headers a caller forges gain nothing through the gateway
(docs/security.md). The services read no identity from headers but the verified token; their own
suites (test_attack_headers.py of jobs) check that directly."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from gateway_helpers import Tokens

from imis_gateway.tokens.keys import SigningKey as GatewayKey
from imis_testing import TEST_AUDIENCE, TEST_ISSUER
from imis_testing.attacks import Forger

ECHO = "/api/v1/jobs/echo/headers"
IDENTITY_HEADERS = {
    "X-User": "admin",
    "X-User-Id": "00000000-0000-0000-0000-000000000001",
    "X-Principal": "admin",
    "X-Roles": "admin,officer",
    "X-Scopes": "jobs:read jobs:write",
    "X-Authenticated-User": "admin@imis.example",
    "X-Remote-User": "admin",
    "X-Client-Id": "ministry",
    "X-Real-IP": "10.0.0.1",
}


@pytest.fixture
def forger(signing_key_file: Path) -> Forger:
    key = GatewayKey.from_pem(signing_key_file.read_bytes())
    return Forger(key.private_key, key.kid, TEST_ISSUER, TEST_AUDIENCE)


def header_values(seen: dict[str, object], name: str) -> list[str]:
    pairs = seen["header_list"]
    assert isinstance(pairs, list)
    return [value for key, value in pairs if key == name]


class TestForwardingHeaders:
    async def test_forwarding_headers_are_the_gateways_own(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            ECHO,
            headers={
                "X-Forwarded-For": "127.0.0.1",
                "X-Forwarded-Host": "admin.internal",
                "X-Forwarded-Proto": "https",
                "X-Forwarded-Port": "443",
                "X-Forwarded-Prefix": "/internal",
                "Forwarded": "for=127.0.0.1;host=admin.internal;proto=https",
            },
        )
        seen = response.json()
        # The caller's claim stays as history only: the last hop is the address the gateway saw.
        assert header_values(seen, "x-forwarded-for") == ["127.0.0.1, 203.0.113.7"]
        assert header_values(seen, "x-forwarded-host") == ["testserver"]
        assert header_values(seen, "x-forwarded-proto") == ["http"]
        assert header_values(seen, "x-forwarded-port") == []
        assert header_values(seen, "x-forwarded-prefix") == []
        assert header_values(seen, "forwarded") == []

    @pytest.mark.parametrize(
        "request_id",
        ["abc\r\nX-Injected: 1", "a" * 10_000, "id with spaces and ünïcode", "short"],
        ids=["crlf", "huge", "spaces", "too-short"],
    )
    async def test_an_unsafe_request_id_is_replaced(self, client: httpx.AsyncClient, request_id: str) -> None:
        response = await client.get(ECHO, headers={"X-Request-ID": request_id.encode()})
        assert response.status_code == 200
        answered = response.headers["x-request-id"]
        forwarded = header_values(response.json(), "x-request-id")
        assert forwarded == [answered]
        assert answered != request_id and 8 <= len(answered) <= 128 and answered.isalnum()
        assert header_values(response.json(), "x-injected") == []
        assert "x-injected" not in response.headers


class TestIdentityHeaders:
    async def test_identity_headers_make_no_one_anybody(self, client: httpx.AsyncClient) -> None:
        # The gateway's own staff routes: anonymous stays anonymous whatever the headers say.
        response = await client.get("/api/v1/admin/users", headers=IDENTITY_HEADERS)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        response = await client.get("/api/v1/auth/me", headers=IDENTITY_HEADERS)
        assert response.status_code == 401

    async def test_a_seeker_with_identity_headers_stays_a_seeker(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        response = await client.get("/api/v1/admin/users", headers={**seeker.headers, **IDENTITY_HEADERS})
        assert response.status_code == 403
        me = await client.get("/api/v1/auth/me", headers={**seeker.headers, **IDENTITY_HEADERS})
        assert me.json()["roles"] == ["job_seeker"]


class TestSecondAuthorizationHeader:
    async def test_a_forged_second_header_is_not_what_the_service_reads(
        self, client: httpx.AsyncClient, seeker: Tokens, forger: Forger
    ) -> None:
        forged = f"Bearer {forger.tampered(roles=['admin'])}"
        response = await client.get(
            ECHO, headers=[("Authorization", seeker.headers["Authorization"]), ("Authorization", forged)]
        )
        assert response.status_code == 200
        # The service reads the first Authorization header, as the gateway verified it.
        assert header_values(response.json(), "authorization")[0] == seeker.headers["Authorization"]

    async def test_a_forged_first_header_is_refused(
        self, client: httpx.AsyncClient, seeker: Tokens, forger: Forger
    ) -> None:
        forged = f"Bearer {forger.tampered(roles=['admin'])}"
        for path in (ECHO, "/api/v1/auth/me"):
            response = await client.get(
                path, headers=[("Authorization", forged), ("Authorization", seeker.headers["Authorization"])]
            )
            assert response.status_code == 401, path

    async def test_two_headers_on_the_gateways_own_routes_act_as_the_first(
        self, client: httpx.AsyncClient, seeker: Tokens, admin: Tokens
    ) -> None:
        response = await client.get(
            "/api/v1/admin/users",
            headers=[
                ("Authorization", seeker.headers["Authorization"]),
                ("Authorization", admin.headers["Authorization"]),
            ],
        )
        assert response.status_code == 403
