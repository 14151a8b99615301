"""Test support shared by the services' suites: databases, keys and tokens.

Tests use real databases: a SQLite file by default, or, when
``IMIS_TEST_DATABASE_URL`` names a PostgreSQL server, a database per service
created afresh by the test setup. Tokens are signed with a key made per test
session and verified through the same code as in production.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import MetaData, delete
from sqlalchemy.engine import make_url
from starlette.types import ASGIApp

from imis_shared import tracing
from imis_shared.auth import ACCESS_TOKEN_TYPE
from imis_shared.db import create_engine
from imis_shared.migrations import upgrade_to_head
from imis_shared.settings import S, ServiceSettings

TEST_DATABASE_ENV = "IMIS_TEST_DATABASE_URL"
TEST_ISSUER = "http://imis.test"
TEST_AUDIENCE = "imis"


async def recreate_postgres_database(server_url: str, name: str) -> None:
    """Drop (ending its sessions) and create the database ``name`` on the server of ``server_url``."""
    url = make_url(server_url).set(drivername="postgresql")
    connection = await asyncpg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def fresh_database_url(name: str, tmp_dir: Path) -> str:
    """A URL of an empty database called ``name`` on the configured test backend."""
    server = os.environ.get(TEST_DATABASE_ENV)
    if not server:
        path = tmp_dir / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    parsed = make_url(server)
    if parsed.get_backend_name() != "postgresql":
        raise RuntimeError(f"{TEST_DATABASE_ENV} must name a PostgreSQL server, not {parsed.drivername}")
    # One database per pytest-xdist worker, so workers never share (or drop) each other's.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    database = f"imis_test_{name}_{worker}" if worker else f"imis_test_{name}"
    asyncio.run(recreate_postgres_database(server, database))
    return parsed.set(database=database).render_as_string(hide_password=False)


async def empty_tables(url: str, metadata: MetaData) -> None:
    """Delete every row (children first) so the next test starts clean.

    Tables marked ``info={"reference_data": True}`` (loaded by migration) are kept.
    """
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                if not table.info.get("reference_data"):
                    await connection.execute(delete(table))
    finally:
        await engine.dispose()


class SigningKey:
    """An Ed25519 key pair that signs tokens the way the gateway does."""

    def __init__(self, kid: str | None = None) -> None:
        self.kid = kid or f"test-{uuid.uuid4().hex[:8]}"
        self.private_key = Ed25519PrivateKey.generate()

    def private_pem(self) -> str:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.OKPAlgorithm.to_jwk(self.private_key.public_key()))
        return {**jwk, "kid": self.kid, "use": "sig", "alg": "EdDSA"}

    def write_jwks(self, path: Path, extra: Iterable[SigningKey] = ()) -> Path:
        keys = [self.public_jwk(), *(key.public_jwk() for key in extra)]
        path.write_text(json.dumps({"keys": keys}))
        return path

    def token(
        self,
        subject: str = "user-1",
        *,
        roles: Sequence[str] = (),
        scope: str | None = None,
        client_id: str | None = None,
        issuer: str = TEST_ISSUER,
        audience: str = TEST_AUDIENCE,
        lifetime: int = 300,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        now = int(time.time())
        payload: dict[str, Any] = {
            "sub": subject,
            "iss": issuer,
            "aud": audience,
            "iat": now,
            "nbf": now,
            "exp": now + lifetime,
            "jti": uuid.uuid4().hex,
        }
        if roles:
            payload["roles"] = list(roles)
        if scope is not None:
            payload["scope"] = scope
        if client_id is not None:
            payload["client_id"] = client_id
        payload.update(claims)
        header = {"kid": self.kid, "typ": ACCESS_TOKEN_TYPE, **(headers or {})}
        return jwt.encode(payload, self.private_key, algorithm="EdDSA", headers=header)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def app_client(app: ASGIApp, base_url: str = "http://testserver") -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling ``app`` in process, with its lifespan running."""
    fastapi_app = app if isinstance(app, FastAPI) else None
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with AsyncExitStack() as stack:
        if fastapi_app is not None:
            await stack.enter_async_context(fastapi_app.router.lifespan_context(fastapi_app))
        client = await stack.enter_async_context(httpx.AsyncClient(transport=transport, base_url=base_url))
        yield client


@contextmanager
def serve_in_thread(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """Serve ``app`` with a real uvicorn server on 127.0.0.1 in a thread; yields its base URL."""
    port = port or free_port()
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def service_settings(
    settings_class: type[S], database_url: str, signing_key: SigningKey, tmp_dir: Path, **overrides: Any
) -> S:
    """A service's settings in tests: ``database_url``, and tokens of ``signing_key`` trusted
    through a JWKS file written into ``tmp_dir``."""
    return settings_class(
        environment="test",
        database_url=database_url,
        jwt_issuer=TEST_ISSUER,
        jwt_audience=TEST_AUDIENCE,
        jwt_public_keys_file=str(signing_key.write_jwks(tmp_dir / "jwks.json")),
        jwks_url=None,
        **overrides,
    )


@dataclass
class ServiceFixtures:
    """Pytest fixtures for one service's suite; assign the attributes in its conftest.

    ``signing_key`` signs test tokens; ``database_url`` is a migrated database
    for the whole session (rows are deleted after each test); ``settings``
    points the service at it and at the key; ``client`` calls the app in
    process with its lifespan running.
    """

    signing_key: Any
    database_url: Any
    settings: Any
    client: Any


def service_fixtures(
    name: str,
    settings_class: type[ServiceSettings],
    create_app: Callable[[Any], FastAPI],
    script_location: Path,
    metadata: MetaData,
    **overrides: Any,
) -> ServiceFixtures:
    @pytest.fixture(scope="session", name="signing_key")
    def signing_key_fixture() -> SigningKey:
        return SigningKey()

    @pytest.fixture(scope="session", name="database_url")
    def database_url_fixture(tmp_path_factory: pytest.TempPathFactory) -> str:
        url = fresh_database_url(name, tmp_path_factory.mktemp(f"{name}-db"))
        upgrade_to_head(script_location, url)
        return url

    @pytest.fixture(name="settings")
    def settings_fixture(database_url: str, signing_key: SigningKey, tmp_path: Path) -> ServiceSettings:
        return service_settings(settings_class, database_url, signing_key, tmp_path, **overrides)

    @pytest.fixture(name="client")
    async def client_fixture(
        settings: ServiceSettings, database_url: str
    ) -> AsyncIterator[httpx.AsyncClient]:
        try:
            async with app_client(create_app(settings)) as client:
                yield client
        finally:
            await empty_tables(database_url, metadata)

    return ServiceFixtures(signing_key_fixture, database_url_fixture, settings_fixture, client_fixture)


class SpanCapture(InMemorySpanExporter):
    """Collects the spans of every traced app in the test, whichever shuts down first."""

    def shutdown(self) -> None:
        return None


def capture_spans(monkeypatch: pytest.MonkeyPatch) -> SpanCapture:
    """Send the spans of apps built from now on (with ``otlp_endpoint`` set) to memory."""
    capture = SpanCapture()
    monkeypatch.setattr(tracing, "span_exporter", lambda endpoint: capture)
    return capture


def bearer(key: SigningKey, subject: str, *roles: str) -> dict[str, str]:
    """Headers of a user holding ``roles``, signed by ``key``."""
    return {"Authorization": f"Bearer {key.token(subject, roles=list(roles))}"}


def client_bearer(key: SigningKey, client_id: str, scope: str) -> dict[str, str]:
    """Headers of a machine client granted ``scope``, signed by ``key``."""
    return {"Authorization": f"Bearer {key.token(client_id, scope=scope, client_id=client_id)}"}


class HeldWork:
    """CPU work a test holds until the service has answered another request: ``hold`` wraps the
    function doing it (patched in place of it), which then waits, for at most 10 s, in the worker
    thread it runs in. On the event loop it would hold that other request instead."""

    def __init__(self) -> None:
        self.entered, self.released = threading.Event(), threading.Event()

    def hold(self, work: Callable[..., Any]) -> Callable[..., Any]:
        def held(*args: Any, **kwargs: Any) -> Any:
            self.entered.set()
            self.released.wait(timeout=10)
            return work(*args, **kwargs)

        return held

    async def answered_first(
        self, client: httpx.AsyncClient, slow: Awaitable[Any], path: str = "/health"
    ) -> bool:
        """Whether ``path`` answered 200 while ``slow`` (a request reaching the held work) waited."""
        finished: list[str] = []

        async def run_slow() -> None:
            await slow
            finished.append("slow")

        async def other() -> None:
            for _ in range(1000):
                if self.entered.is_set():
                    break
                await asyncio.sleep(0.01)
            assert (await client.get(path)).status_code == 200
            finished.append("other")
            self.released.set()

        await asyncio.gather(run_slow(), other())
        return finished == ["other", "slow"]
