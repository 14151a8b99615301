"""Routing /api/v1/<service>/** to the services over real HTTP."""

from __future__ import annotations

import time

import httpx
from gateway_helpers import Tokens
from gateway_upstream import SEEN

from imis_shared.testing import SigningKey


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
