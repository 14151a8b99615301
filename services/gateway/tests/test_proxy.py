"""Routing /api/v1/<service>/** to the services over real HTTP."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from gateway_helpers import Tokens
from gateway_upstream import SEEN
from pydantic import SecretStr

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_shared.http import MULTIPART_ALLOWANCE_BYTES
from imis_testing import SigningKey, app_client, free_port


async def chunks(body: bytes, size: int = 16 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


class TestForwarding:
    async def test_forwards_method_path_query_and_body_unchanged(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/v1/jobs/echo/a%2Fb/c",
            params={"q": "nurse", "page": "2"},
            json={"x": 1},
        )
        assert response.status_code == 200
        seen = response.json()
        assert seen["method"] == "POST"
        assert seen["raw_path"] == "/api/v1/jobs/echo/a%2Fb/c"
        assert seen["query"] == "q=nurse&page=2"
        assert seen["body"] == '{"x":1}'
        assert response.headers["content-type"] == "application/json"

    async def test_sets_forwarding_headers_and_drops_hop_by_hop_ones(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/api/v1/info/echo/x",
            headers={
                "Connection": "keep-alive, X-Secret-Hop",
                "X-Secret-Hop": "1",
                "Keep-Alive": "timeout=5",
                "X-Forwarded-For": "198.51.100.1",
                "Accept-Language": "ar",
            },
        )
        headers = response.json()["headers"]
        assert headers["x-forwarded-for"] == "198.51.100.1, 203.0.113.7"
        assert headers["x-forwarded-proto"] == "http"
        assert headers["x-forwarded-host"] == "testserver"
        assert "x-secret-hop" not in headers and "keep-alive" not in headers
        assert headers["accept-language"] == "ar"

    async def test_request_id_travels_upstream_and_back(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/jobs/echo/id", headers={"X-Request-ID": "trace-12345678"})
        assert response.headers["x-request-id"] == "trace-12345678"
        assert response.json()["headers"]["x-request-id"] == "trace-12345678"

    async def test_valid_token_is_forwarded(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.get("/api/v1/jobs/echo/me", headers=seeker.headers)
        assert response.json()["headers"]["authorization"] == seeker.headers["Authorization"]

    async def test_missing_token_is_forwarded_as_anonymous(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/jobs/echo/public")
        assert response.status_code == 200 and "authorization" not in response.json()["headers"]

    async def test_invalid_token_is_refused_at_the_gateway(self, client: httpx.AsyncClient) -> None:
        before = len(SEEN)
        forged = SigningKey().token("x", roles=["admin"])
        for header in (f"Bearer {forged}", "Bearer not.a.jwt", "Basic dXNlcjpwYXNz"):
            response = await client.get("/api/v1/jobs/echo/secret", headers={"Authorization": header})
            assert response.status_code == 401, header
            assert response.headers["content-type"] == "application/problem+json"
        assert len(SEEN) == before  # the service never saw them

    async def test_streams_the_response(self, client: httpx.AsyncClient) -> None:
        async with client.stream("GET", "/api/v1/jobs/stream", params={"chunks": 4}) as response:
            body = b"".join([chunk async for chunk in response.aiter_bytes()])
        assert body == b"chunk-0\nchunk-1\nchunk-2\nchunk-3\n"

    async def test_oversized_body_is_refused_before_forwarding(self, client: httpx.AsyncClient) -> None:
        before = len(SEEN)
        response = await client.post(
            "/api/v1/jobs/echo/big", content=b"x" * (65 * 1024), headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413 and len(SEEN) == before

    async def test_unrouted_paths_stay_at_the_gateway(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/jobsearch/echo/x")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestPerRouteBodyLimit:
    """``body_limits`` lets one exact path take larger bodies; the rest keep max_body_bytes (64 KiB here)."""

    @pytest.fixture
    def settings(self, settings: GatewaySettings) -> GatewaySettings:
        return settings.model_copy(update={"body_limits": {"/api/v1/jobs/echo/upload": 256 * 1024}})

    async def test_the_listed_path_is_forwarded_over_max_body_bytes(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/v1/jobs/echo/upload", content=b"x" * (200 * 1024))
        assert response.status_code == 200
        assert len(response.json()["body"]) == 200 * 1024

    async def test_a_chunked_body_on_the_listed_path_is_bounded_by_its_limit(
        self, client: httpx.AsyncClient
    ) -> None:
        before = len(SEEN)
        accepted = await client.post("/api/v1/jobs/echo/upload", content=chunks(b"x" * (200 * 1024)))
        refused = await client.post("/api/v1/jobs/echo/upload", content=chunks(b"x" * (300 * 1024)))
        assert accepted.status_code == 200 and len(accepted.json()["body"]) == 200 * 1024
        assert refused.status_code == 413
        assert str(256 * 1024) in refused.json()["detail"]
        assert len(SEEN) == before + 1

    async def test_other_paths_keep_max_body_bytes(self, client: httpx.AsyncClient) -> None:
        before = len(SEEN)
        declared = await client.post("/api/v1/jobs/echo/other", content=b"x" * (65 * 1024))
        streamed = await client.post("/api/v1/jobs/echo/other", content=chunks(b"x" * (65 * 1024)))
        below = await client.post("/api/v1/jobs/echo/upload/more", content=b"x" * (65 * 1024))
        assert [declared.status_code, streamed.status_code, below.status_code] == [413, 413, 413]
        assert len(SEEN) == before

    def test_the_diaspora_import_is_listed_by_default(self) -> None:
        limits = GatewaySettings.model_fields["body_limits"].get_default(call_default_factory=True)
        assert limits == {"/api/v1/diaspora/members/import": 1_048_576 + MULTIPART_ALLOWANCE_BYTES}


class TestResilience:
    async def test_stopped_service_gives_503_at_once_while_others_answer(
        self, client: httpx.AsyncClient
    ) -> None:
        started = time.monotonic()
        response = await client.get("/api/v1/diaspora/whoami")
        elapsed = time.monotonic() - started
        assert response.status_code == 503
        assert response.json()["type"] == "urn:imis:problem:service-unavailable"
        assert response.headers["retry-after"] == "5"
        assert elapsed < 1.0  # within the connect timeout
        assert (await client.get("/api/v1/jobs/echo/ok")).status_code == 200
        assert (await client.get("/api/v1/info/echo/ok")).status_code == 200

    async def test_slow_service_gives_504(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/jobs/slow", params={"seconds": 3})
        assert response.status_code == 504
        assert response.json()["type"] == "urn:imis:problem:gateway-timeout"
        assert (await client.get("/api/v1/info/echo/still-fine")).status_code == 200


class TestReadiness:
    async def test_ready_names_the_upstream_that_is_down(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/ready")
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["database"] == "ok" and checks["migrations"] == "ok"
        assert checks["upstream:jobs"] == "ok" and checks["upstream:info"] == "ok"
        assert checks["upstream:diaspora"].startswith("unreachable")

    async def test_health_is_public_and_cheap(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health")
        assert response.status_code == 200 and response.json() == {"status": "ok", "service": "gateway"}


class TestAnonymousSearchBudget:
    """Anonymous GETs of the listed search paths: a budget per client address (3 per minute here)."""

    SEARCH = "/api/v1/jobs/echo/search"

    @pytest.fixture
    def settings(self, settings: GatewaySettings) -> GatewaySettings:
        return settings.model_copy(
            update={
                "anonymous_search_paths": [self.SEARCH],
                "anonymous_searches_per_address": 3,
                "anonymous_search_window_seconds": 60,
            }
        )

    async def test_over_the_budget_an_anonymous_caller_gets_429_with_retry_after(
        self, client: httpx.AsyncClient
    ) -> None:
        answered = [(await client.get(self.SEARCH, params={"q": f"nurse {n}"})).status_code for n in range(3)]
        refused = await client.get(self.SEARCH, params={"q": "nurse"})
        assert answered == [200, 200, 200]
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        body = refused.json()
        assert body["status"] == 429 and body["instance"] == self.SEARCH and "sign in" in body["detail"]

    async def test_a_signed_in_caller_is_not_counted(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        statuses = {(await client.get(self.SEARCH, headers=seeker.headers)).status_code for _ in range(5)}
        assert statuses == {200}
        assert (await client.get(self.SEARCH)).status_code == 200  # the anonymous budget is untouched

    async def test_other_paths_and_methods_are_not_counted(self, client: httpx.AsyncClient) -> None:
        for _ in range(4):
            assert (await client.get("/api/v1/jobs/echo/other")).status_code == 200
            assert (await client.post(self.SEARCH, json={})).status_code == 200
        assert (await client.get(self.SEARCH)).status_code == 200

    async def test_an_unreachable_shared_store_lets_searches_through(self, settings: GatewaySettings) -> None:
        down = settings.model_copy(update={"redis_url": SecretStr(f"redis://127.0.0.1:{free_port()}/0")})
        async with app_client(create_app(down)) as client:
            statuses = [(await client.get(self.SEARCH)).status_code for _ in range(5)]
        assert statuses == [200] * 5

    async def test_behind_a_trusted_proxy_each_caller_has_its_own_budget(
        self, settings: GatewaySettings
    ) -> None:
        # app_client connects from 203.0.113.7: here that is the ingress.
        behind = settings.model_copy(update={"trusted_proxies": [ipaddress.ip_network("203.0.113.7/32")]})
        async with app_client(create_app(behind)) as ingress:
            first = [
                (await ingress.get(self.SEARCH, headers={"X-Forwarded-For": "198.51.100.1"})).status_code
                for _ in range(4)
            ]
            other = await ingress.get(self.SEARCH, headers={"X-Forwarded-For": "198.51.100.2"})
            forged = await ingress.get(self.SEARCH, headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.1"})
        assert first == [200, 200, 200, 429] and other.status_code == 200 and forged.status_code == 429

    async def test_an_untrusted_peer_cannot_pick_its_budget(self, client: httpx.AsyncClient) -> None:
        statuses = [
            (await client.get(self.SEARCH, headers={"X-Forwarded-For": f"198.51.100.{n}"})).status_code
            for n in range(4)
        ]
        assert statuses == [200, 200, 200, 429]

    def test_the_default_budget_covers_the_public_search_routes(self) -> None:
        paths = GatewaySettings().anonymous_search_paths
        assert {"/api/v1/jobs/occupations", "/api/v1/jobs/skills", "/api/v1/info/search"} <= set(paths)
