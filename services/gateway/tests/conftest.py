"""Gateway test fixtures: a migrated identity database, a signing key, a real upstream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from gateway_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, Tokens, login, register
from gateway_mail import Mailbox, smtp_server, smtp_settings
from gateway_upstream import echo_app

from imis_gateway import MIGRATIONS
from imis_gateway.config import GatewaySettings
from imis_gateway.db import Base
from imis_gateway.main import create_app
from imis_gateway.tokens.keys import generate_pem
from imis_shared.migrations import upgrade_to_head
from imis_testing import (
    TEST_AUDIENCE,
    TEST_ISSUER,
    app_client,
    empty_tables,
    free_port,
    fresh_database_url,
    serve_in_thread,
)


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("keys") / "signing.pem"
    path.write_bytes(generate_pem())
    return path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("gateway", tmp_path_factory.mktemp("gateway-db"))
    upgrade_to_head(MIGRATIONS, url)
    return url


@pytest.fixture(scope="session")
def upstream_url() -> Iterator[str]:
    with serve_in_thread(echo_app()) as url:
        yield url


@pytest.fixture(scope="session")
def shared_smtp() -> Iterator[tuple[Mailbox, int]]:
    """A mail server for every test: registering mails the link that activates an account."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def settings(
    database_url: str, signing_key_file: Path, upstream_url: str, shared_smtp: tuple[Mailbox, int]
) -> GatewaySettings:
    return GatewaySettings(
        **smtp_settings(shared_smtp[1]),
        email_verification_url="https://portal.example/verify-email?token={token}",
        environment="test",
        database_url=database_url,
        signing_key_file=signing_key_file,
        jwt_issuer=TEST_ISSUER,
        jwt_audience=TEST_AUDIENCE,
        password_hash_time_cost=1,
        password_hash_memory_kib=64,
        bootstrap_admin_email=ADMIN_EMAIL,
        bootstrap_admin_password=ADMIN_PASSWORD,
        jobs_url=upstream_url,
        info_url=upstream_url,
        diaspora_url=f"http://127.0.0.1:{free_port()}",  # nothing listens: a stopped service
        proxy_connect_timeout_seconds=1.0,
        proxy_read_timeout_seconds=1.0,
        max_body_bytes=64 * 1024,
    )


@pytest.fixture
async def client(settings: GatewaySettings, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    try:
        async with app_client(create_app(settings)) as client:
            yield client
    finally:
        await empty_tables(database_url, Base.metadata)


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> Tokens:
    return await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)


@pytest.fixture
async def seeker(client: httpx.AsyncClient) -> Tokens:
    await register(client, "seeker@example.org", ["job_seeker"])
    return await login(client, "seeker@example.org")
