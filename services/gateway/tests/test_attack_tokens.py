"""Attack suite: forged access tokens are refused at the gateway, on its own routes and before a
request is forwarded (docs/security.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from gateway_helpers import Tokens
from gateway_upstream import SEEN

from imis_gateway.tokens.keys import SigningKey as GatewayKey
from imis_testing import TEST_AUDIENCE, TEST_ISSUER
from imis_testing.attacks import Forger, assert_refused, recording_server

FORWARDED = "/api/v1/jobs/echo/forged"


@pytest.fixture(scope="module")
def key_server() -> Iterator[tuple[str, list[str]]]:
    with recording_server() as server:
        yield server


@pytest.fixture
def forger(signing_key_file: Path) -> Forger:
    key = GatewayKey.from_pem(signing_key_file.read_bytes())
    return Forger(key.private_key, key.kid, TEST_ISSUER, TEST_AUDIENCE)


class TestForgedTokensAtTheGateway:
    async def test_a_genuine_token_is_forwarded(self, client: httpx.AsyncClient, forger: Forger) -> None:
        response = await client.get(FORWARDED, headers={"Authorization": f"Bearer {forger.valid()}"})
        assert response.status_code == 200, response.text

    async def test_every_forgery_is_refused_before_forwarding(
        self, client: httpx.AsyncClient, forger: Forger, key_server: tuple[str, list[str]]
    ) -> None:
        url, hits = key_server
        SEEN.clear()
        for name, token in forger.forgeries(url):
            response = await client.get(FORWARDED, headers={"Authorization": f"Bearer {token}"})
            assert_refused(response, name)
        assert SEEN == []  # nothing reached the service
        assert hits == []  # jku / x5u were never fetched

    async def test_every_forgery_is_refused_on_the_gateways_own_routes(
        self, client: httpx.AsyncClient, forger: Forger, key_server: tuple[str, list[str]]
    ) -> None:
        url, hits = key_server
        for name, token in forger.forgeries(url):
            response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
            assert_refused(response, name)
        assert hits == []

    async def test_a_refresh_token_is_no_access_token(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        assert seeker.refresh is not None
        as_access = {"Authorization": f"Bearer {seeker.refresh}"}
        assert_refused(await client.get("/api/v1/auth/me", headers=as_access), "refresh at /auth/me")
        assert_refused(await client.get(FORWARDED, headers=as_access), "refresh forwarded")
        assert (await client.get("/api/v1/auth/me", headers=seeker.headers)).status_code == 200

    async def test_a_seekers_token_with_admin_roles_written_in_is_refused(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        header, payload, signature = seeker.access.split(".")
        forged = Forger.rewrite_payload(payload, roles=["admin"])
        response = await client.get(
            "/api/v1/admin/users", headers={"Authorization": f"Bearer {header}.{forged}.{signature}"}
        )
        assert_refused(response, "seeker made admin")
        assert (await client.get("/api/v1/admin/users", headers=seeker.headers)).status_code == 403
