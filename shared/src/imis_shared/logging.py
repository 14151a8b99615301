"""Structured logging: JSON lines in production, readable text in development.

Every record carries the service name, the current request id and, when tracing is
on, the trace id (so a log line leads to its trace). Nothing here logs bodies, headers or
query strings: those may hold passwords, tokens or personal data. An access
log line per request comes from :class:`AccessLogMiddleware` (pure ASGI), so
uvicorn's own access log is switched off.

What a caller sends can reach a log line (a request path is percent-decoded, so ``%0d%0a``
arrives as CR LF). Both formats escape control characters in every field
(:func:`escape_control`), so one record is always one line and nobody can forge another.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from imis_shared.metrics import ResponseStatus
from imis_shared.request_id import current_request_id
from imis_shared.tracing import current_trace_id

_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}
# C0 controls, DEL, C1 controls and the Unicode line/paragraph separators: all end or bend a line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """``text`` with each control character written as ``\\xNN`` (``\\uNNNN``): one printable line."""
    return _CONTROL.sub(_escaped, text)


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
            "message": escape_control(record.getMessage()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = escape_control(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(service)s [%(request_id)s] %(name)s: %(message)s"


class TextFormatter(logging.Formatter):
    """:data:`TEXT_FORMAT` with control characters escaped in the line itself; a traceback
    (which we write, not a caller) still follows on its own lines."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def formatMessage(self, record: logging.LogRecord) -> str:
        return escape_control(super().formatMessage(record))


def configure_logging(service: str, level: str = "INFO", fmt: str = "text") -> None:
    """Route all logging (ours and uvicorn's) through one handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_ContextFilter(service))
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
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
