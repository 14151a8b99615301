"""Fixtures of the shared library's suite: a real database, a signing key and a demo app.

The database is a SQLite file by default; with ``IMIS_TEST_DATABASE_URL`` set
it is a fresh PostgreSQL database, so the database tests run on both backends.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, FastAPI

from imis_shared.app import create_service_app
from imis_shared.settings import ServiceSettings
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, SigningKey, app_client, fresh_database_url

AppFactory = Callable[..., FastAPI]


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One empty database for the session; tests create and drop their own tables."""
    return fresh_database_url("shared", tmp_path_factory.mktemp("shared-db"))


@pytest.fixture
def settings(database_url: str, signing_key: SigningKey, tmp_path: Path) -> ServiceSettings:
    return ServiceSettings(
        environment="test",
        database_url=database_url,
        jwt_issuer=TEST_ISSUER,
        jwt_audience=TEST_AUDIENCE,
        jwks_url=None,
        jwt_public_keys_file=str(signing_key.write_jwks(tmp_path / "jwks.json")),
        max_body_bytes=1024,
    )


@pytest.fixture
def make_app(settings: ServiceSettings, tmp_path: Path) -> AppFactory:
    """Builds a service app the way the services do, with the given routers."""

    def make(routers: Sequence[APIRouter] = (), **kwargs: object) -> FastAPI:
        options: dict[str, object] = {
            "name": "demo",
            "title": "Demo",
            "version": "0.0.1",
            "description": "The shared library's demo service.",
            "settings": settings,
            "routers": list(routers),
            "script_location": tmp_path / "no-migrations",
        }
        options.update(kwargs)
        return create_service_app(**options)  # type: ignore[arg-type]

    return make


@pytest.fixture
async def empty_client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    """A demo app with no routers of its own (health and OpenAPI only)."""
    async with app_client(make_app()) as client:
        yield client
