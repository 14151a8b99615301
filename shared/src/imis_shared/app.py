"""The one way every IMIS service builds its FastAPI app.

Middleware order, outermost first: request id → tracing (when configured) →
metrics → access log → unexpected-error guard → CORS → body size limit →
(FastAPI: exception handlers → routes). Every
router is built with :func:`api_router` so that bodies of the wrong media type
get 415.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imis_shared.auth import KeySource, RemoteJWKS, StaticKeys, TokenVerifier
from imis_shared.db import Database
from imis_shared.errors import install_error_handlers, problem_response
from imis_shared.events import EventSetup, broker_config, run_event_worker
from imis_shared.health import health_router
from imis_shared.http import BodySizeLimitMiddleware, ImisRoute
from imis_shared.logging import AccessLogMiddleware
from imis_shared.metrics import METRICS_PATH, MetricsMiddleware, ServiceMetrics, metrics_endpoint
from imis_shared.openapi import problem_openapi
from imis_shared.request_id import RequestIdMiddleware
from imis_shared.settings import ServiceSettings
from imis_shared.tracing import TracingMiddleware, tracer_provider

logger = logging.getLogger("imis.errors")

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def api_router(**kwargs: Any) -> APIRouter:
    """An APIRouter whose routes check the body's media type."""
    return APIRouter(route_class=ImisRoute, **kwargs)


def operation_id(route: APIRoute) -> str:
    """The operationId is the route's name (its function's, unless given): ``<verb>_<noun>``, unique
    across the platform, the verb from the closed list in docs/api.md ("Operation ids")."""
    return route.name


class UnexpectedErrorMiddleware:
    """Turns an unhandled exception into a 500 problem that still carries the request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            response = problem_response(
                500,
                "Internal server error",
                detail="An unexpected error occurred; quote the request id when reporting it.",
                instance=scope.get("path"),
            )
            await response(scope, receive, send)


def build_token_verifier(settings: ServiceSettings, client: httpx.AsyncClient) -> TokenVerifier:
    keys: KeySource
    if settings.jwt_public_keys_file:
        keys = StaticKeys.from_jwks_file(settings.jwt_public_keys_file)
    elif settings.jwks_url:
        keys = RemoteJWKS(settings.jwks_url, client, ttl=settings.jwks_cache_seconds)
    else:
        raise RuntimeError("set jwks_url or jwt_public_keys_file to verify tokens")
    return TokenVerifier(
        keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience, leeway=settings.jwt_leeway_seconds
    )


def add_standard_middleware(
    app: FastAPI, settings: ServiceSettings, body_limits: Mapping[str, int] | None = None
) -> None:
    """Add the shared middleware; call it last so that these end up outermost."""
    app.add_middleware(
        BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes, path_limits=body_limits
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID", "ETag", "Location", "Retry-After"],
        )
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    if app.state.tracer is not None:
        app.add_middleware(TracingMiddleware, tracer=app.state.tracer)
    app.add_middleware(RequestIdMiddleware)


def create_service_app(
    *,
    name: str,
    title: str,
    version: str,
    description: str,
    settings: ServiceSettings,
    routers: Sequence[APIRouter],
    script_location: Path,
    lifespan: Lifespan | None = None,
    token_verifier: TokenVerifier | None = None,
    health: bool = True,
    openapi_url: str | None = "/openapi.json",
    inner_middleware: Callable[[FastAPI], None] | None = None,
    metrics_need_token: bool = False,
    body_limits: Mapping[str, int] | None = None,
    events: EventSetup | None = None,
) -> FastAPI:
    """A service app with database, token verification, errors, health and middleware.

    The gateway passes its own ``token_verifier`` (its keys are local), its own
    health routes and OpenAPI route, its proxy as ``inner_middleware`` (which finds
    ``app.state.metrics`` and ``app.state.tracer`` already set), and
    ``metrics_need_token`` because its port is public. ``body_limits`` maps exact
    paths to their own body size limit (an upload route); every other path keeps
    ``settings.max_body_bytes``. ``events``: the service's outbox and consumers, run in the
    server's process when a broker is configured and ``events_in_process`` is on.
    """
    settings.check_serving()
    metrics = ServiceMetrics(name)
    provider = tracer_provider(settings, name)

    @asynccontextmanager
    async def service_lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.database = Database(settings.database_url)
        app.state.http_client = httpx.AsyncClient(timeout=httpx.Timeout(5.0, connect=2.0))
        app.state.script_location = script_location
        app.state.token_verifier = token_verifier or build_token_verifier(settings, app.state.http_client)
        broker = broker_config(settings)
        worker = None
        if events is not None and broker is not None and settings.events_in_process:
            worker = asyncio.create_task(run_event_worker(app.state.database, events, broker, settings))
        try:
            async with nullcontext() if lifespan is None else lifespan(app):
                # What startup built (the app, the jobs taxonomy and its indexes) lives as long as
                # the server: keep it out of the collector's full passes, which would otherwise
                # traverse it all (~60 ms with the jobs taxonomy, on whichever request triggers one).
                gc.freeze()
                try:
                    yield
                finally:
                    gc.unfreeze()  # collectable again: tests start and stop many apps per process
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            await app.state.http_client.aclose()
            await app.state.database.dispose()
            if provider is not None:
                provider.shutdown()  # flushes the spans still queued

    app = FastAPI(
        title=title,
        version=version,
        description=description,
        lifespan=service_lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=openapi_url,
        generate_unique_id_function=operation_id,
    )
    app.router.route_class = ImisRoute
    app.state.metrics = metrics
    app.state.tracer = provider.get_tracer("imis") if provider is not None else None
    metrics.watch_database(lambda: getattr(app.state, "database", None))
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    app.add_route(
        METRICS_PATH,
        metrics_endpoint(metrics, token, require_token=metrics_need_token),
        include_in_schema=False,
    )
    install_error_handlers(app)
    if health:
        app.include_router(health_router(name, script_location))
    for router in routers:
        app.include_router(router)
    problem_openapi(app)
    if inner_middleware is not None:
        inner_middleware(app)
    add_standard_middleware(app, settings, body_limits)
    return app
