"""The service app factory: lifespan wiring, CORS, routers, overrides and the whoami route."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from fastapi.routing import APIRoute

from imis_shared.app import api_router, operation_id
from imis_shared.auth import StaticKeys, TokenVerifier, parse_jwks
from imis_shared.db import Database
from imis_shared.http import ImisRoute
from imis_shared.settings import ServiceSettings
from imis_shared.whoami import whoami_router
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, SigningKey, app_client

AppFactory = Callable[..., FastAPI]


class TestLifespan:
    async def test_sets_up_settings_database_client_and_verifier(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        app = make_app()
        async with app_client(app):
            assert app.state.settings is settings
            assert isinstance(app.state.database, Database)
            assert isinstance(app.state.http_client, httpx.AsyncClient)
            assert isinstance(app.state.token_verifier.keys, StaticKeys)
            client = app.state.http_client
        assert client.is_closed

    async def test_runs_the_services_own_lifespan_inside(self, make_app: AppFactory) -> None:
        events: list[str] = []

        @asynccontextmanager
        async def lifespan(app: FastAPI) -> AsyncIterator[None]:
            events.append(f"start with database={isinstance(app.state.database, Database)}")
            yield
            events.append("stop")

        async with app_client(make_app(lifespan=lifespan)) as client:
            await client.get("/health")
            events.append("served")
        assert events == ["start with database=True", "served", "stop"]

    async def test_a_given_token_verifier_is_used(self, make_app: AppFactory) -> None:
        own_key = SigningKey()
        verifier = TokenVerifier(
            StaticKeys(parse_jwks({"keys": [own_key.public_jwk()]})),
            issuer=TEST_ISSUER,
            audience=TEST_AUDIENCE,
        )
        app = make_app([whoami_router("demo", "/api/v1/demo")], token_verifier=verifier)
        async with app_client(app) as client:
            ok = await client.get(
                "/api/v1/demo/whoami", headers={"Authorization": f"Bearer {own_key.token()}"}
            )
        assert app.state.token_verifier is verifier
        assert ok.status_code == 200

    async def test_inner_middleware_is_installed(self, make_app: AppFactory) -> None:
        def inner(app: FastAPI) -> None:
            @app.middleware("http")
            async def tag(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
                response = await call_next(request)
                response.headers["X-Inner"] = "yes"
                return response

        async with app_client(make_app(inner_middleware=inner)) as client:
            response = await client.get("/health")
        assert response.headers["x-inner"] == "yes"
        assert "x-request-id" in response.headers


class TestCors:
    @pytest.fixture
    def cors_app(self, make_app: AppFactory, settings: ServiceSettings) -> FastAPI:
        allowed = settings.model_copy(update={"cors_origins": ["https://portal.example"]})
        return make_app(settings=allowed)

    async def test_an_allowed_origin_may_read_the_request_id(self, cors_app: FastAPI) -> None:
        async with app_client(cors_app) as client:
            response = await client.get("/health", headers={"Origin": "https://portal.example"})
        assert response.headers["access-control-allow-origin"] == "https://portal.example"
        assert "X-Request-ID" in response.headers["access-control-expose-headers"]

    async def test_a_preflight_from_an_allowed_origin_is_answered(self, cors_app: FastAPI) -> None:
        async with app_client(cors_app) as client:
            response = await client.options(
                "/health",
                headers={"Origin": "https://portal.example", "Access-Control-Request-Method": "POST"},
            )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == "https://portal.example"

    async def test_another_origin_gets_no_cors_headers(self, cors_app: FastAPI) -> None:
        async with app_client(cors_app) as client:
            response = await client.get("/health", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in response.headers

    async def test_no_cors_without_configured_origins(self, empty_client: httpx.AsyncClient) -> None:
        response = await empty_client.get("/health", headers={"Origin": "https://portal.example"})
        assert "access-control-allow-origin" not in response.headers


class TestRouters:
    def test_api_router_checks_media_types(self) -> None:
        router = api_router(prefix="/x", tags=["x"])

        @router.post("/y")
        async def y() -> None:
            return None

        assert isinstance(router.routes[0], ImisRoute)

    def test_routes_added_to_the_app_directly_check_media_types_too(self, make_app: AppFactory) -> None:
        app = make_app()

        @app.post("/direct")
        async def direct() -> None:
            return None

        assert isinstance(app.routes[-1], ImisRoute)

    def test_operation_id_is_the_route_name_without_its_tag(self) -> None:
        router = api_router(tags=["jobs", "other"])

        @router.get("/a")
        async def list_vacancies() -> None:
            return None

        @router.get("/b", name="get_jobs_identity")
        async def whoami() -> None:
            return None

        first, second = router.routes
        assert isinstance(first, APIRoute) and isinstance(second, APIRoute)
        assert operation_id(first) == "list_vacancies"
        assert operation_id(second) == "get_jobs_identity"


class TestWhoami:
    @pytest.fixture
    async def client(self, make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
        async with app_client(make_app([whoami_router("demo", "/api/v1/demo")])) as client:
            yield client

    async def test_returns_the_verified_caller(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        token = signing_key.token("u-1", roles=["officer", "editor"])
        response = await client.get("/api/v1/demo/whoami", headers={"Authorization": f"Bearer {token}"})
        assert response.json() == {
            "kind": "user",
            "subject": "u-1",
            "roles": ["editor", "officer"],
            "scopes": [],
            "service": "demo",
        }

    async def test_needs_a_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/demo/whoami")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
