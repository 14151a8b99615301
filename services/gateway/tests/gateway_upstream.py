"""Small real upstreams for proxy tests: one echoes requests, can be slow, streams; one is broken."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
            "header_list": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.headers.raw],
            "body": body.decode(errors="replace"),
        }
        SEEN.append(seen)
        return seen

    @app.get("/api/v1/jobs/seekers/me/export", include_in_schema=False)
    async def seeker_export(request: Request) -> dict[str, Any]:
        """Stands for the jobs service's export: shows what the gateway sent it."""
        return {"profile": {"full_name": "Echo"}, "authorization": request.headers.get("authorization")}

    @app.get("/api/v1/jobs/seekers/me/consents", include_in_schema=False)
    async def seeker_consents(limit: int = 20, offset: int = 0) -> dict[str, Any]:
        """Stands for the jobs service's consent history (oldest first), paged as it pages it."""
        answers = [
            ("discoverable", None, True, "2026-01-05T10:00:00+00:00"),
            ("partner_sharing", "6f1c0a4e-2f57-4c39-9b0e-3c7c8c1d2a10", True, "2026-02-01T10:00:00+00:00"),
            ("discoverable", None, False, "2026-03-09T10:00:00+00:00"),
        ] * 50  # 150 answers: more than one page of 100
        items = [
            {
                "purpose": purpose,
                "programme_id": programme,
                "granted": granted,
                "text_version": f"v{index}",
                "language": "en",
                "channel": "self_service",
                "recorded_by": "the-seeker",
                "recorded_at": when,
            }
            for index, (purpose, programme, granted, when) in enumerate(answers)
        ]
        return {
            "items": items[offset : offset + limit],
            "total": len(items),
            "limit": limit,
            "offset": offset,
        }

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

    @app.get("/api/v1/jobs/ping", operation_id="get_jobs_ping")
    async def jobs_ping(request: Request) -> dict[str, str]:
        # ?delay=<seconds>, read by hand: a documented parameter would add FastAPI's own error schemas
        await asyncio.sleep(float(request.query_params.get("delay", 0)))
        return {"service": "jobs"}

    @app.get("/api/v1/info/ping", operation_id="get_info_ping")
    async def info_ping() -> dict[str, str]:
        return {"service": "info"}

    @app.get("/ready", include_in_schema=False)
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app


@contextmanager
def broken_upstream(document: dict[str, Any]) -> Iterator[str]:
    """A server on 127.0.0.1 that serves ``document`` at /openapi.json and answers every other
    request with bytes that are not HTTP; yields its base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    port = listener.getsockname()[1]
    body = json.dumps(document).encode()
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                request = connection.recv(65536)
                if b" /openapi.json " in request.split(b"\r\n", 1)[0]:
                    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}"
                    connection.sendall(head.encode() + b"\r\nConnection: close\r\n\r\n" + body)
                else:
                    connection.sendall(b"this is not an HTTP response\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
