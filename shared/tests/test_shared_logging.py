"""Logging: JSON lines with the service and request id, and one access line per request."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterator

import pytest
from fastapi import APIRouter, FastAPI

from imis_shared.app import api_router
from imis_shared.logging import JsonFormatter, configure_logging
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """configure_logging rewires global loggers; put everything back afterwards."""
    root = logging.getLogger()
    names = ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic.runtime.migration")
    saved = {
        name: (logger.handlers[:], logger.propagate, logger.disabled, logger.level)
        for name in names
        for logger in [logging.getLogger(name)]
    }
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, (old_handlers, propagate, disabled, old_level) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:], logger.propagate, logger.disabled = old_handlers, propagate, disabled
            logger.setLevel(old_level)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def crash_router() -> APIRouter:
    router = api_router(prefix="/log")

    @router.get("/crash")
    async def crash() -> None:
        raise RuntimeError("boom")

    @router.get("/hello")
    async def hello() -> dict[str, str]:
        logging.getLogger("imis.demo").info("saying hello", extra={"visitor": "asha"})
        return {"hello": "world"}

    return router


class TestJsonFormatter:
    def test_formats_one_json_object_with_the_extras(self) -> None:
        record = logging.makeLogRecord(
            {
                "name": "imis.x",
                "levelname": "WARNING",
                "levelno": 30,
                "msg": "hello %s",
                "args": ("asha",),
                "created": 0.0,
                "user_id": 7,
            }
        )
        entry = json.loads(JsonFormatter().format(record))
        assert entry == {
            "ts": "1970-01-01T00:00:00.000+00:00",
            "level": "WARNING",
            "logger": "imis.x",
            "message": "hello asha",
            "user_id": 7,
        }

    def test_includes_the_traceback_of_an_exception(self) -> None:
        try:
            raise ValueError("bad")
        except ValueError:
            record = logging.getLogger("imis.x").makeRecord(
                "imis.x", logging.ERROR, __file__, 1, "failed", (), exc_info=sys.exc_info()
            )
        entry = json.loads(JsonFormatter().format(record))
        assert "ValueError: bad" in entry["exc_info"]

    def test_values_that_are_not_json_are_stringified(self) -> None:
        record = logging.makeLogRecord({"msg": "m", "path": object})
        assert json.loads(JsonFormatter().format(record))["path"] == "<class 'object'>"


@pytest.mark.usefixtures("restore_logging")
class TestConfigureLogging:
    def test_json_lines_carry_the_service_and_no_request_id_outside_a_request(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure_logging("demo", "INFO", "json")
        logging.getLogger("imis.test").info("started", extra={"port": 8001})
        logging.getLogger("imis.test").debug("hidden at INFO")
        [entry] = json_lines(capsys.readouterr().err)
        assert entry["service"] == "demo"
        assert entry["request_id"] == "-"
        assert (entry["message"], entry["port"], entry["level"]) == ("started", 8001, "INFO")

    def test_text_lines_are_readable(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging("demo", "DEBUG", "text")
        logging.getLogger("imis.test").debug("hello")
        line = capsys.readouterr().err.strip()
        assert line.endswith("DEBUG   demo [-] imis.test: hello")

    def test_replaces_handlers_and_silences_uvicorns_access_log(self) -> None:
        configure_logging("demo", "WARNING", "json")
        root = logging.getLogger()
        assert len(root.handlers) == 1
        assert root.level == logging.WARNING
        assert logging.getLogger("uvicorn.access").disabled
        assert logging.getLogger("uvicorn").propagate
        assert logging.getLogger("alembic.runtime.migration").level == logging.WARNING

    async def test_every_request_logs_one_access_line_with_its_request_id(
        self, make_app: AppFactory, capsys: pytest.CaptureFixture[str]
    ) -> None:
        app = make_app([crash_router()])
        configure_logging("demo", "INFO", "json")
        async with app_client(app) as client:
            ok = await client.get("/log/hello", headers={"X-Request-ID": "req-hello-1"})
            crashed = await client.get("/log/crash", headers={"X-Request-ID": "req-crash-1"})
        entries = json_lines(capsys.readouterr().err)
        access = [e for e in entries if e["logger"] == "imis.access"]
        assert [(e["method"], e["path"], e["status"], e["request_id"]) for e in access] == [
            ("GET", "/log/hello", ok.status_code, "req-hello-1"),
            ("GET", "/log/crash", crashed.status_code, "req-crash-1"),
        ]
        assert crashed.status_code == 500
        assert all(isinstance(e["duration_ms"], float) for e in access)
        [hello] = [e for e in entries if e["logger"] == "imis.demo"]
        assert (hello["visitor"], hello["request_id"], hello["service"]) == ("asha", "req-hello-1", "demo")
        [error] = [e for e in entries if e["logger"] == "imis.errors"]
        assert error["request_id"] == "req-crash-1"
        assert "RuntimeError: boom" in str(error["exc_info"])


@pytest.mark.usefixtures("restore_logging")
class TestControlCharactersAreEscaped:
    """A path with CR LF (``%0d%0a``, decoded by the server) must not forge a second log line."""

    FORGED = "/log/hello%0d%0a2026-11-30 12:00:00,000 INFO    demo [-] imis.access: GET /admin 200"

    async def test_text_access_line_stays_one_line(
        self, make_app: AppFactory, capsys: pytest.CaptureFixture[str]
    ) -> None:
        app = make_app([crash_router()])
        configure_logging("demo", "INFO", "text")
        async with app_client(app) as client:
            response = await client.get(self.FORGED)
        assert response.status_code == 404
        lines = capsys.readouterr().err.splitlines()
        access = [line for line in lines if "] imis.access: " in line]
        assert len(access) == 1, lines
        assert access[0].endswith(
            r"GET /log/hello\x0d\x0a2026-11-30 12:00:00,000 INFO    demo [-] "
            "imis.access: GET /admin 200 404"
        )
        assert not any(line.startswith("2026-11-30 12:00:00") for line in lines)

    async def test_json_access_fields_hold_no_control_characters(
        self, make_app: AppFactory, capsys: pytest.CaptureFixture[str]
    ) -> None:
        app = make_app([crash_router()])
        configure_logging("demo", "INFO", "json")
        async with app_client(app) as client:
            await client.get("/log/hello%0d%0aforged%09tab%7f")
        lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
        [access] = [e for e in json_lines("\n".join(lines)) if e["logger"] == "imis.access"]
        assert access["path"] == r"/log/hello\x0d\x0aforged\x09tab\x7f"
        assert access["message"] == r"GET /log/hello\x0d\x0aforged\x09tab\x7f 404"

    def test_every_text_field_is_escaped_but_a_traceback_keeps_its_lines(self) -> None:
        from imis_shared.logging import TextFormatter

        try:
            raise ValueError("bad")
        except ValueError:
            record = logging.getLogger("imis.x").makeRecord(
                "imis.x\r\n",
                logging.ERROR,
                __file__,
                1,
                "a %s",
                ("b\nc\u2028d",),
                exc_info=sys.exc_info(),
                extra={"service": "demo", "request_id": "r\n1"},
            )
        first, *traceback = TextFormatter().format(record).splitlines()
        assert first.endswith(r"demo [r\x0a1] imis.x\x0d\x0a: a b\x0ac\u2028d")
        assert traceback[-1] == "ValueError: bad"

    def test_escape_control_keeps_printable_text(self) -> None:
        from imis_shared.logging import escape_control

        assert escape_control("Café — ok\\x") == "Café — ok\\x"
        assert escape_control("\x00\x1b[31m\x85") == r"\x00\x1b[31m\x85"
