"""Request ids: a safe incoming X-Request-ID is kept, anything else is replaced."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from imis_shared.app import api_router
from imis_shared.errors import NotFound
from imis_shared.request_id import accept_request_id, current_request_id, new_request_id
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
FRESH = re.compile(r"^[0-9a-f]{32}$")


def echo_router() -> APIRouter:
    router = api_router(prefix="/rid")

    @router.get("/seen")
    async def seen(request: Request) -> dict[str, str | None]:
        return {"context": current_request_id(), "state": request.state.request_id}

    @router.get("/spoof")
    async def spoof() -> JSONResponse:
        return JSONResponse({}, headers={"X-Request-ID": "set-by-the-handler"})

    @router.get("/missing")
    async def missing() -> None:
        raise NotFound()

    return router


@pytest.fixture
async def client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(make_app([echo_router()])) as client:
        yield client


class TestAcceptRequestId:
    @pytest.mark.parametrize(
        "value", ["abcdefgh", "0f8fad5b-d9cb-469f-a165-70867728950e", "gw:1700000000.123_x", "a" * 128]
    )
    def test_keeps_a_safe_id(self, value: str) -> None:
        assert accept_request_id(value) == value

    @pytest.mark.parametrize(
        "value",
        [
            None,
            "",
            "short",
            "has spaces in it",
            "a" * 129,
            "a" * 300,
            "evil\r\nSet-Cookie:x",
            "ünïcödé-id",
            "a/b/c/d/e",
        ],
    )
    def test_replaces_anything_else_with_a_fresh_id(self, value: str | None) -> None:
        replaced = accept_request_id(value)
        assert replaced != value
        assert FRESH.match(replaced)

    def test_fresh_ids_differ(self) -> None:
        assert new_request_id() != new_request_id()


class TestRequestIdMiddleware:
    async def test_echoes_a_valid_incoming_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/rid/seen", headers={"X-Request-ID": "req-12345678"})
        assert response.headers["x-request-id"] == "req-12345678"
        assert response.json() == {"context": "req-12345678", "state": "req-12345678"}

    @pytest.mark.parametrize("incoming", ["has spaces in it", "x" * 300, "tiny"])
    async def test_replaces_an_invalid_incoming_id(self, client: httpx.AsyncClient, incoming: str) -> None:
        response = await client.get("/rid/seen", headers={"X-Request-ID": incoming})
        sent = response.headers["x-request-id"]
        assert sent != incoming
        assert FRESH.match(sent)
        assert response.json() == {"context": sent, "state": sent}

    async def test_makes_an_id_when_none_is_sent(self, client: httpx.AsyncClient) -> None:
        first = await client.get("/health")
        second = await client.get("/health")
        assert FRESH.match(first.headers["x-request-id"])
        assert first.headers["x-request-id"] != second.headers["x-request-id"]

    async def test_the_response_carries_exactly_one_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/rid/spoof", headers={"X-Request-ID": "req-12345678"})
        assert response.headers.get_list("x-request-id") == ["req-12345678"]

    async def test_problem_bodies_carry_the_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/rid/missing", headers={"X-Request-ID": "trace-abcdef01"})
        assert response.status_code == 404
        assert response.json()["request_id"] == "trace-abcdef01"

    async def test_framework_problems_carry_the_replacement_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/nowhere", headers={"X-Request-ID": "bad id"})
        assert response.json()["request_id"] == response.headers["x-request-id"]
        assert FRESH.match(response.json()["request_id"])

    async def test_the_id_does_not_outlive_the_request(self, client: httpx.AsyncClient) -> None:
        await client.get("/rid/seen", headers={"X-Request-ID": "req-12345678"})
        assert current_request_id() is None
