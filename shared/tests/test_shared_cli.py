"""`serve` hands each uvicorn worker what it needs through the environment."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import FastAPI

from imis_shared.cli import SERVE_ENV, app_from_environment


def build_demo_app() -> FastAPI:
    return FastAPI(title="demo")


class TestAppFromEnvironment:
    def test_builds_the_app_and_configures_logging(self, monkeypatch: pytest.MonkeyPatch) -> None:
        spec = {
            "service": "demo",
            "factory": f"{__name__}:build_demo_app",
            "log_level": "WARNING",
            "log_format": "json",
        }
        monkeypatch.setenv(SERVE_ENV, json.dumps(spec))
        root = logging.getLogger()
        saved = (root.handlers[:], root.level)
        try:
            app = app_from_environment()
            assert isinstance(app, FastAPI) and app.title == "demo"
            assert root.level == logging.WARNING
            assert type(root.handlers[0].formatter).__name__ == "JsonFormatter"
        finally:
            root.handlers[:], root.level = saved[0], saved[1]

    def test_needs_the_serve_specification(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv(SERVE_ENV, raising=False)
        with pytest.raises(KeyError):
            app_from_environment()
