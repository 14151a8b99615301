"""Alembic helpers: one async ``env.py`` body for every service, upgrade and head checks.

Each service keeps its migrations inside its package (so they ship with it) and
calls :func:`run_migrations_from_env` from its ``env.py``. The URL comes from the
service's settings unless a caller (tests, the CLI) passes one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, TypeDecorator
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from imis_shared.db import create_engine, normalise_url


def alembic_config(script_location: str | Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option(
        "sqlalchemy.url", normalise_url(url).render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def upgrade_to_head(script_location: str | Path, url: str) -> None:
    """Apply every migration; safe to call when already at head."""
    command.upgrade(alembic_config(script_location, url), "head")


def downgrade_to_base(script_location: str | Path, url: str) -> None:
    command.downgrade(alembic_config(script_location, url), "base")


@lru_cache(maxsize=16)
def _heads(script_location: str) -> frozenset[str]:
    return frozenset(ScriptDirectory(script_location).get_heads())


def head_revisions(script_location: str | Path) -> set[str]:
    """The head revisions of a migrations folder: read once per process (reading parses every
    migration file), since the code a process runs does not change under it."""
    return set(_heads(str(script_location)))


async def current_revisions(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: set(MigrationContext.configure(sync).get_current_heads())
        )


def render_item(kind: str, obj: Any, _context: Any) -> str | Literal[False]:
    """Autogenerate writes our column types (UTCDateTime, EnumText) as the plain SQLAlchemy
    type they store, so migrations stay static and import nothing from the project."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


# Alembic's include_object hook: (object, name, type_, reflected, compare_to) -> keep it?
IncludeObject = Callable[[Any, str | None, str, bool, Any], bool]


def _do_run(connection: Connection, metadata: MetaData, include_object: IncludeObject | None) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str, metadata: MetaData, include_object: IncludeObject | None) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_do_run, metadata, include_object)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_from_env(metadata: MetaData, *, include_object: IncludeObject | None = None) -> None:
    """The body of a service's ``env.py`` (online mode only).

    ``include_object`` hides objects that the models do not describe (e.g. a full-text index
    written by hand) from autogenerate and ``alembic check``.
    """
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    if context.is_offline_mode():
        context.configure(
            url=url, target_metadata=metadata, literal_binds=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(url, metadata, include_object))
