"""Async database access shared by the services.

One URL setting selects SQLite (aiosqlite, WAL, foreign keys on) or PostgreSQL
(asyncpg). The request session commits in exactly one place: :func:`get_session`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import DateTime, MetaData, String, event
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, Uuid

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite stores none)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class EnumText(TypeDecorator[StrEnum]):
    """A ``StrEnum`` stored as its plain string value (a VARCHAR, no database enum type) and
    read back as the enum member, so code can rely on members rather than raw strings."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


TYPE_ANNOTATION_MAP: dict[Any, Any] = {datetime: UTCDateTime(), uuid.UUID: Uuid()}


def new_metadata() -> MetaData:
    """Fresh metadata with the shared naming convention; one per service."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class Base(DeclarativeBase):
    """Declarative base for the shared library's own tests.

    Each service declares its own base with ``metadata = new_metadata()`` and
    ``type_annotation_map = TYPE_ANNOTATION_MAP`` so that no two services share
    table metadata.
    """

    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def normalise_url(url: str | URL) -> URL:
    """Pick the async driver for a plain ``sqlite://`` or ``postgresql://`` URL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite" and parsed.get_driver_name() != "aiosqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    elif backend == "postgresql" and parsed.get_driver_name() != "asyncpg":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif backend not in {"sqlite", "postgresql"}:
        raise ValueError(f"unsupported database backend {backend!r}: use sqlite or postgresql")
    return parsed


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is switched off; _on_sqlite_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


SQLITE_BEGIN = "imis_sqlite_begin"


def _on_sqlite_begin(connection: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE for a request that will write.

    In WAL mode a transaction that read first and writes later fails at once with
    SQLITE_BUSY_SNAPSHOT if another writer committed in between; taking the write lock at
    the start makes concurrent writers queue (busy_timeout) instead of failing.
    """
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for SQLite or PostgreSQL, configured for each backend."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(parsed, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    return create_async_engine(parsed, **kwargs)


class Database:
    """An engine and its session factory, owned by one app's lifespan."""

    def __init__(self, url: str | URL, **engine_kwargs: Any) -> None:
        self.engine = create_engine(url, **engine_kwargs)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False)
        self._writers: asyncio.Lock | None = None

    def writers_queue(self) -> asyncio.Lock:
        """On SQLite, the writing requests of this process take turns here, first come first
        served, before their transaction takes the database's write lock. SQLite has one writer at a
        time; left to its busy handler, waiting writers poll with growing sleeps and a newcomer may
        overtake them, so under load some waited seconds or gave up with "database is locked"."""
        if self._writers is None:
            self._writers = asyncio.Lock()
        return self._writers

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    async def write_session(self) -> AsyncSession:
        """A session for work outside a request that will write (event handlers, relays, delivery
        loops): on SQLite its transaction takes the write lock at BEGIN, as a writing request's does."""
        session = self.sessionmaker()
        if self.is_sqlite:
            await session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        return session

    async def dispose(self) -> None:
        await self.engine.dispose()


async def _request_session(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.database
    if database.is_sqlite and request.method not in SAFE_METHODS:
        async with database.writers_queue(), _transaction(database, writes=True) as session:
            yield session
    else:
        async with _transaction(database, writes=False) as session:
            yield session


@asynccontextmanager
async def _transaction(database: Database, *, writes: bool) -> AsyncIterator[AsyncSession]:
    """The request's session: committed when the request succeeds, rolled back when it fails
    (unless its error asks to keep what it recorded)."""
    async with database.sessionmaker() as session:
        if writes:
            await session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})
        try:
            yield session
        except BaseException as error:
            # Errors that record what happened (a failed login's audit event, a
            # revoked token family) ask for their changes to be kept.
            if getattr(error, "keep_changes", False):
                await session.commit()
            else:
                await session.rollback()
            raise
        else:
            await session.commit()


# scope="function": commit before the response is sent, so a failing commit
# becomes an error response and never a success that was not stored.
get_session = _request_session
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching values that contain ``text`` literally: its ``%``, ``_`` and the
    escape character stand for themselves. Use with ``.like(pattern, escape=LIKE_ESCAPE)``;
    the same on SQLite and PostgreSQL."""
    escaped = (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )
    return f"%{escaped}%"
