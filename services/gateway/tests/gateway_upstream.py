"""A small real upstream for proxy tests: echoes requests, can be slow, streams."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse

SEEN: list[dict[str, Any]] = []


def echo_app() -> FastAPI:
    app = FastAPI(openapi_url="/openapi.json")

    @app.api_route(
        "/api/v1/{service}/echo/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def echo(service: str, rest: str, request: Request) -> dict[str, Any]:
        body = await request.body()
        seen = {
            "service": service,
            "method": request.method,
            "path": request.url.path,
            "raw_path": request.scope["raw_path"].decode(),
            "query": request.url.query,
            "headers": {k: v for k, v in request.headers.items()},
            "body": body.decode(errors="replace"),
        }
        SEEN.append(seen)
        return seen

    @app.get("/api/v1/{service}/slow", include_in_schema=False)
    async def slow(seconds: float = 3.0) -> dict[str, str]:
        await asyncio.sleep(seconds)
        return {"status": "late"}

    @app.get("/api/v1/{service}/stream", include_in_schema=False)
    async def stream(chunks: int = 5) -> StreamingResponse:
        async def generate() -> Any:
            for index in range(chunks):
                yield f"chunk-{index}\n".encode()
                await asyncio.sleep(0.01)

        return StreamingResponse(generate(), media_type="text/plain")

    @app.get("/api/v1/jobs/ping", operation_id="jobs_ping")
    async def jobs_ping() -> dict[str, str]:
        return {"service": "jobs"}

    @app.get("/api/v1/info/ping", operation_id="info_ping")
    async def info_ping() -> dict[str, str]:
        return {"service": "info"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
