"""Liveness (``/health``) and readiness (``/ready``) for every service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from imis_shared.db import Database
from imis_shared.errors import PROBLEM_MEDIA_TYPE, problem_body
from imis_shared.http import ImisRoute
from imis_shared.migrations import current_revisions, head_revisions

Check = Callable[[Request], Awaitable[str]]


class Health(BaseModel):
    status: str
    service: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


async def check_database(database: Database) -> str:
    try:
        async with database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "not ready"
        return f"unreachable: {type(error).__name__}"
    return "ok"


async def check_migrations(database: Database, script_location: Path) -> str:
    try:
        current = await current_revisions(database.engine)
        heads = head_revisions(script_location)
    except Exception as error:
        return f"unknown: {type(error).__name__}"
    return "ok" if current == heads else f"not at head (at {sorted(current) or 'none'})"


def readiness_response(checks: dict[str, str], path: str) -> JSONResponse:
    if all(value == "ok" for value in checks.values()):
        return JSONResponse({"status": "ready", "checks": checks})
    body: dict[str, Any] = problem_body(
        status=503,
        title="Not ready",
        detail="A dependency is not ready.",
        instance=path,
        extensions={"checks": checks},
    )
    return JSONResponse(body, status_code=503, media_type=PROBLEM_MEDIA_TYPE)


# The readiness probes answer 503 (problem+json, with the failing checks) while a dependency is not ready.
NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {"description": "Not ready", "content": {PROBLEM_MEDIA_TYPE: {}}}
}


def health_router(service: str, script_location: Path) -> APIRouter:
    router = APIRouter(tags=["health"], route_class=ImisRoute)  # 405 and OPTIONS as every route

    @router.get("/health", response_model=Health, summary="Liveness: the process answers.")
    async def get_health() -> Health:
        """Public."""
        return Health(status="ok", service=service)

    @router.get(
        "/ready",
        response_model=Readiness,
        summary="Readiness: database reachable and migrations at head.",
        responses=NOT_READY,
    )
    async def get_readiness(request: Request) -> JSONResponse:
        """Public."""
        database: Database = request.app.state.database
        checks = {"database": await check_database(database)}
        checks["migrations"] = (
            await check_migrations(database, script_location) if checks["database"] == "ok" else "skipped"
        )
        return readiness_response(checks, request.url.path)

    return router
