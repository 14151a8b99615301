"""The gateway's platform routes: merged OpenAPI, offline docs, health and readiness."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from imis_gateway.proxy.forward import UpstreamClient
from imis_gateway.proxy.openapi import MergedOpenAPI
from imis_gateway.security_headers import page_policy
from imis_shared.app import api_router
from imis_shared.health import (
    NOT_READY,
    Health,
    Readiness,
    check_database,
    check_migrations,
    readiness_response,
)
from imis_shared.request_id import current_request_id

router = api_router(tags=["platform"])
DOCS_STATIC = "/docs/static"


@router.get("/openapi.json", include_in_schema=False)
async def openapi(request: Request) -> JSONResponse:
    """Public: one document for the whole API."""
    merger: MergedOpenAPI = request.app.state.openapi_merger
    client: UpstreamClient = request.app.state.upstream_client
    return JSONResponse(await merger.document(request.app.openapi(), client.session))


@router.get("/docs", include_in_schema=False)
async def docs() -> HTMLResponse:
    """Public: Swagger UI served from local assets (works offline), allowed to run exactly those
    assets and its own inline start-up script."""
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="IMIS API",
        swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_STATIC}/favicon-32x32.png",
    )
    page.headers["Content-Security-Policy"] = page_policy(bytes(page.body).decode())
    return page


@router.get("/health", response_model=Health, summary="Liveness of the gateway.")
async def get_health() -> Health:
    """Public."""
    return Health(status="ok", service="gateway")


async def _upstream_ready(session: aiohttp.ClientSession, base: str) -> str:
    headers = {"X-Request-ID": current_request_id() or ""}
    try:
        async with session.get(
            f"{base}/ready", headers=headers, timeout=aiohttp.ClientTimeout(total=3)
        ) as response:
            return "ok" if response.status == 200 else f"not ready ({response.status})"
    except (aiohttp.ClientError, TimeoutError) as error:
        return f"unreachable: {type(error).__name__}"


@router.get(
    "/ready",
    response_model=Readiness,
    summary="Readiness of the gateway and every upstream.",
    responses=NOT_READY,
)
async def get_readiness(request: Request) -> JSONResponse:
    """Public. 503 when the gateway's database or any upstream is not ready."""
    state: Any = request.app.state
    upstreams: dict[str, str] = state.settings.upstreams
    results = await asyncio.gather(
        *(_upstream_ready(state.upstream_client.session, url) for url in upstreams.values())
    )
    checks = {"database": await check_database(state.database)}
    checks["migrations"] = (
        await check_migrations(state.database, state.script_location)
        if checks["database"] == "ok"
        else "skipped"
    )
    if state.settings.redis_url is not None:
        checks["redis"] = await state.identity.limiter.check()
    checks.update({f"upstream:{name}": result for name, result in zip(upstreams, results, strict=True)})
    return readiness_response(checks, request.url.path)
