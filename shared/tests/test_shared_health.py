"""Liveness, readiness and the Alembic helpers, on a tiny migration history of two revisions."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.util import CommandError
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from imis_shared.db import create_engine
from imis_shared.migrations import (
    alembic_config,
    current_revisions,
    downgrade_to_base,
    head_revisions,
    upgrade_to_head,
)
from imis_shared.settings import ServiceSettings
from imis_testing import app_client, free_port, fresh_database_url

AppFactory = Callable[..., FastAPI]

ENV_PY = """
import sqlalchemy as sa
from imis_shared.db import new_metadata
from imis_shared.migrations import run_migrations_from_env

metadata = new_metadata()
sa.Table(
    "shared_test_widgets", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(20)),
)
run_migrations_from_env(metadata)
"""

REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = {down}
branch_labels = None
depends_on = None


def upgrade():
    {upgrade}


def downgrade():
    {downgrade}
"""


@pytest.fixture(scope="module")
def script_location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("alembic")
    (root / "versions").mkdir()
    (root / "env.py").write_text(ENV_PY)
    (root / "versions" / "0001_widgets.py").write_text(
        REVISION.format(
            revision="0001",
            down=None,
            upgrade='op.create_table("shared_test_widgets", sa.Column("id", sa.Integer, primary_key=True))',
            downgrade='op.drop_table("shared_test_widgets")',
        )
    )
    (root / "versions" / "0002_widget_name.py").write_text(
        REVISION.format(
            revision="0002",
            down='"0001"',
            upgrade='op.add_column("shared_test_widgets", sa.Column("name", sa.String(20)))',
            downgrade='with op.batch_alter_table("shared_test_widgets") as batch:\n'
            '        batch.drop_column("name")',
        )
    )
    return root


@pytest.fixture
def url(tmp_path: Path) -> str:
    """An empty database of its own (SQLite file, or PostgreSQL when configured)."""
    return fresh_database_url("shared_migrations", tmp_path)


async def revisions_of(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return await current_revisions(engine)
    finally:
        await engine.dispose()


async def widget_columns(url: str) -> list[str] | None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: (
                    [c["name"] for c in sa.inspect(sync).get_columns("shared_test_widgets")]
                    if sa.inspect(sync).has_table("shared_test_widgets")
                    else None
                )
            )
    finally:
        await engine.dispose()


class TestMigrations:
    def test_head_revisions_reads_the_script_directory(self, script_location: Path) -> None:
        assert head_revisions(script_location) == {"0002"}

    async def test_a_new_database_has_no_revision(self, url: str) -> None:
        assert await revisions_of(url) == set()

    async def test_upgrade_to_head_applies_every_revision(self, url: str, script_location: Path) -> None:
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        assert await revisions_of(url) == {"0002"}
        assert await widget_columns(url) == ["id", "name"]

    async def test_upgrade_to_head_twice_is_harmless(self, url: str, script_location: Path) -> None:
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        assert await revisions_of(url) == {"0002"}

    async def test_downgrade_to_base_undoes_everything(self, url: str, script_location: Path) -> None:
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        await asyncio.to_thread(downgrade_to_base, script_location, url)
        assert await revisions_of(url) == set()
        assert await widget_columns(url) is None

    def test_offline_mode_renders_sql_without_connecting(self, script_location: Path, tmp_path: Path) -> None:
        unused = tmp_path / "unused.sqlite3"
        config = alembic_config(script_location, f"sqlite:///{unused}")
        config.output_buffer = io.StringIO()
        command.upgrade(config, "head", sql=True)
        sql = config.output_buffer.getvalue()
        assert "CREATE TABLE shared_test_widgets" in sql
        assert "ALTER TABLE shared_test_widgets ADD COLUMN name" in sql
        assert not unused.exists()

    def test_a_missing_script_directory_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError):
            head_revisions(tmp_path / "nothing-here")


class TestAlembicConfig:
    def test_uses_the_async_driver(self, script_location: Path) -> None:
        config = alembic_config(script_location, "postgresql://u@db/imis")
        assert config.get_main_option("sqlalchemy.url") == "postgresql+asyncpg://u@db/imis"
        assert config.get_main_option("script_location") == str(script_location)

    def test_a_percent_in_the_password_survives_interpolation(self, script_location: Path) -> None:
        config = alembic_config(script_location, "postgresql://u:p%25ss%40word@db/imis")
        url = config.get_main_option("sqlalchemy.url")
        assert url is not None
        assert make_url(url).password == "p%ss@word"


class TestHealth:
    async def test_liveness_names_the_service(self, make_app: AppFactory) -> None:
        async with app_client(make_app()) as client:
            response = await client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "demo"}

    async def test_health_routes_can_be_left_out(self, make_app: AppFactory) -> None:
        async with app_client(make_app(health=False)) as client:
            assert (await client.get("/health")).status_code == 404


@pytest.fixture
def ready_app(make_app: AppFactory, settings: ServiceSettings, url: str, script_location: Path) -> FastAPI:
    return make_app(
        settings=settings.model_copy(update={"database_url": url}), script_location=script_location
    )


async def readiness(app: FastAPI) -> httpx.Response:
    async with app_client(app) as client:
        return await client.get("/ready")


class TestReadiness:
    async def test_ready_when_the_database_is_at_head(
        self, ready_app: FastAPI, url: str, script_location: Path
    ) -> None:
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        response = await readiness(ready_app)
        assert response.status_code == 200
        assert response.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}

    async def test_not_ready_before_any_migration(self, ready_app: FastAPI) -> None:
        response = await readiness(ready_app)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert body["checks"] == {"database": "ok", "migrations": "not at head (at none)"}
        assert body["title"] == "Not ready"
        assert body["request_id"] == response.headers["x-request-id"]

    async def test_not_ready_when_a_migration_is_missing(
        self, ready_app: FastAPI, url: str, script_location: Path
    ) -> None:
        await asyncio.to_thread(upgrade_to_head, script_location, url)
        config = alembic_config(script_location, url)
        await asyncio.to_thread(command.downgrade, config, "0001")
        response = await readiness(ready_app)
        assert response.status_code == 503
        assert response.json()["checks"]["migrations"] == "not at head (at ['0001'])"

    async def test_not_ready_when_the_database_is_unreachable(
        self, make_app: AppFactory, settings: ServiceSettings, script_location: Path
    ) -> None:
        dead = f"postgresql://postgres@127.0.0.1:{free_port()}/nothing"
        app = make_app(
            settings=settings.model_copy(update={"database_url": dead}), script_location=script_location
        )
        response = await readiness(app)
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["database"].startswith("unreachable: ")
        assert checks["migrations"] == "skipped"
        assert "127.0.0.1" not in response.text
