"""The gateway app: ``create_app()`` and its lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import swagger_ui_bundle
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from imis_gateway import MIGRATIONS, SERVICE
from imis_gateway.accounts import admin_router
from imis_gateway.accounts import router as accounts_router
from imis_gateway.accounts.service import ensure_admin
from imis_gateway.audit import router as audit_router
from imis_gateway.clients import public_router
from imis_gateway.clients import router as clients_router
from imis_gateway.clients.schemas import PublicClientCreate, declare_scope_catalogue
from imis_gateway.clients.service import ensure_public_client
from imis_gateway.config import GatewaySettings
from imis_gateway.credentials import Passwords
from imis_gateway.deletion import router as deletion_router
from imis_gateway.events import EVENT_SETUP
from imis_gateway.identity import Identity
from imis_gateway.mailer import Mailer
from imis_gateway.notifications import router as notifications_router
from imis_gateway.personal_data.router import router as personal_data_router
from imis_gateway.proxy import router as platform_router
from imis_gateway.proxy.forward import AnonymousBudget, ProxyMiddleware, RouteTable, UpstreamClient
from imis_gateway.proxy.openapi import MergedOpenAPI
from imis_gateway.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from imis_gateway.revocation import MemoryRevocations, RedisRevocations, Revocations
from imis_gateway.security_headers import SecurityHeadersMiddleware
from imis_gateway.signin import router as signin_router
from imis_gateway.staff import router as staff_router
from imis_gateway.tokens import router as tokens_router
from imis_gateway.tokens.errors import OAuthError, oauth_error_handler
from imis_gateway.tokens.keys import KeySet, load_signing_key, load_verification_key
from imis_gateway.verification import router as verification_router
from imis_shared.app import create_service_app
from imis_shared.auth import TokenVerifier
from imis_shared.http import BodyLimits
from imis_shared.settings import load_settings

DESCRIPTION = """The single public entry of IMIS, the Integrated Migration Information System.

Authenticate with OAuth2 and send `Authorization: Bearer <access_token>`: browser and
mobile front-ends sign people in at `GET /api/v1/auth/authorize` (authorization code with
PKCE, S256); first-party scripts use the password grant and machine clients client
credentials at `POST /api/v1/auth/token`. Errors are RFC 9457 `application/problem+json`,
except the token endpoint's, which follow RFC 6749.
"""


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    settings = settings or load_settings(GatewaySettings)
    keys = KeySet(
        load_signing_key(settings.effective_signing_key_file, create=settings.is_development),
        [load_verification_key(path) for path in settings.verification_key_files],
    )
    # A revoked token is refused until it would have expired anyway (its lifetime and the leeway).
    keep_seconds = settings.access_token_ttl_seconds + settings.jwt_leeway_seconds
    revocations: Revocations = (
        RedisRevocations.from_url(
            settings.redis_url.get_secret_value(), f"{settings.redis_key_prefix}revoked:", keep_seconds
        )
        if settings.redis_url
        else MemoryRevocations(keep_seconds)
    )
    verifier = TokenVerifier(
        keys.verification_keys(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        leeway=settings.jwt_leeway_seconds,
        revocations=revocations,
    )
    upstream_client = UpstreamClient(
        connect_timeout=settings.proxy_connect_timeout_seconds,
        read_timeout=settings.proxy_read_timeout_seconds,
        max_connections=settings.proxy_max_connections,
    )
    passwords = Passwords(settings.password_hash_time_cost, settings.password_hash_memory_kib)

    # Made here, not in the lifespan, because the proxy (built before it starts) counts with it too;
    # a Redis client connects on first use.
    limiter: RateLimiter = (
        RedisRateLimiter.from_url(
            settings.redis_url.get_secret_value(), prefix=f"{settings.redis_key_prefix}ratelimit:"
        )
        if settings.redis_url
        else MemoryRateLimiter()
    )
    anonymous_budget = AnonymousBudget(
        limiter,
        frozenset(settings.anonymous_search_paths),
        settings.anonymous_searches_per_address,
        settings.anonymous_search_window_seconds,
        settings.trusted_proxies,
        settings.forwarded_header,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.identity = Identity(settings, passwords, limiter, revocations)
        app.state.signing_keys = keys
        app.state.mailer = Mailer(settings)
        app.state.openapi_merger = MergedOpenAPI(
            settings.upstreams, settings.openapi_cache_seconds, frozenset(settings.anonymous_search_paths)
        )
        app.state.upstream_client = upstream_client
        if settings.bootstrap_admin_email and settings.bootstrap_admin_password:
            async with app.state.database.sessionmaker.begin() as session:
                await ensure_admin(
                    session,
                    passwords,
                    settings.bootstrap_admin_email,
                    settings.bootstrap_admin_password.get_secret_value(),
                )
        if settings.web_client_id:
            async with app.state.database.sessionmaker.begin() as session:
                await ensure_public_client(
                    session,
                    settings.web_client_id,
                    PublicClientCreate(
                        name=settings.web_client_name, redirect_uris=settings.web_client_redirect_uris
                    ),
                    actor_id="configuration",
                )
        await upstream_client.open()
        try:
            yield
        finally:
            await upstream_client.close()
            await limiter.close()
            await revocations.close()

    def add_proxy(app: FastAPI) -> None:
        app.add_middleware(
            ProxyMiddleware,
            routes=RouteTable(settings.upstreams),
            client=upstream_client,
            verifier=verifier,
            body_limits=BodyLimits(settings.max_body_bytes, settings.body_limits),
            metrics=app.state.metrics,
            tracer=app.state.tracer,
            anonymous_budget=anonymous_budget,
        )

    app = create_service_app(
        name=SERVICE,
        title="IMIS API",
        version="0.1.0",
        description=DESCRIPTION,
        settings=settings,
        routers=[
            accounts_router.router,
            deletion_router.me,
            personal_data_router,
            notifications_router.me,
            verification_router.router,
            staff_router.public,
            tokens_router.router,
            signin_router.router,
            admin_router.router,
            deletion_router.admin,
            notifications_router.admin,
            staff_router.router,
            clients_router.router,
            public_router.router,
            audit_router.router,
            tokens_router.wellknown,
            platform_router.router,
        ],
        script_location=MIGRATIONS,
        lifespan=lifespan,
        token_verifier=verifier,
        health=False,
        openapi_url=None,
        inner_middleware=add_proxy,
        metrics_need_token=True,
        body_limits=settings.body_limits,
        events=EVENT_SETUP,
    )
    build_document = app.openapi
    app.openapi = lambda: declare_scope_catalogue(build_document(), settings.allowed_client_scopes)  # type: ignore[method-assign]
    app.add_exception_handler(OAuthError, oauth_error_handler)
    app.mount("/docs/static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: every answer, proxied ones included
    return app
