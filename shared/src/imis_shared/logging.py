"""Structured logging: JSON lines in production, readable text in development.

Every record carries the service name, the current request id and, when tracing is
on, the trace id (so a log line leads to its trace). Nothing here logs bodies, headers or
query strings: those may hold passwords, tokens or personal data. An access
log line per request comes from :class:`AccessLogMiddleware` (pure ASGI), so
uvicorn's own access log is switched off.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from imis_shared.metrics import ResponseStatus
from imis_shared.request_id import current_request_id
from imis_shared.tracing import current_trace_id

_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class _ContextFilter(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = current_request_id() or "-"
        record.trace_id = current_trace_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(service)s [%(request_id)s] %(name)s: %(message)s"


def configure_logging(service: str, level: str = "INFO", fmt: str = "text") -> None:
    """Route all logging (ours and uvicorn's) through one handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ContextFilter(service))
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # Readiness checks read the migration state on every probe; keep that quiet.
    logging.getLogger("alembic.runtime.migration").setLevel(max(root.level, logging.WARNING))
    # Drivers log statements with their parameters (personal data) at DEBUG: never pass that on.
    for name in ("aiosqlite", "asyncpg", "sqlalchemy.engine", "httpcore", "hpack"):
        logging.getLogger(name).setLevel(logging.WARNING)


access_logger = logging.getLogger("imis.access")


class AccessLogMiddleware:
    """One log line per HTTP request: method, path, status, duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = ResponseStatus(send)
        try:
            await self.app(scope, receive, status)
        finally:
            access_logger.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status.code,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status.code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
