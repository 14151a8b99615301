"""Database: URL normalisation, SQLite tuning, UTC datetimes and the request session."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi import APIRouter, FastAPI
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import CreateTable

from imis_shared.app import api_router
from imis_shared.db import (
    TYPE_ANNOTATION_MAP,
    Database,
    IdMixin,
    SessionDep,
    TimestampMixin,
    UTCDateTime,
    create_engine,
    new_metadata,
    normalise_url,
)
from imis_shared.errors import Conflict
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]


class Model(DeclarativeBase):
    metadata = new_metadata()
    type_annotation_map = TYPE_ANNOTATION_MAP


class Note(IdMixin, TimestampMixin, Model):
    __tablename__ = "shared_test_notes"

    text: Mapped[str] = mapped_column(sa.String(50), unique=True)


class Event(Model):
    __tablename__ = "shared_test_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime | None]


class Parent(Model):
    __tablename__ = "shared_test_parents"

    id: Mapped[int] = mapped_column(primary_key=True)


class Child(Model):
    __tablename__ = "shared_test_children"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(sa.ForeignKey(Parent.id))


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """The session database with this module's tables, dropped again afterwards."""
    db = Database(database_url)
    async with db.engine.begin() as connection:
        await connection.run_sync(Model.metadata.drop_all)
        await connection.run_sync(Model.metadata.create_all)
    try:
        yield db
    finally:
        async with db.engine.begin() as connection:
            await connection.run_sync(Model.metadata.drop_all)
        await db.dispose()


async def note_texts(database: Database) -> list[str]:
    async with database.sessionmaker() as session:
        return sorted((await session.scalars(sa.select(Note.text))).all())


class TestNormaliseUrl:
    @pytest.mark.parametrize(
        "url",
        ["sqlite:///var/x.sqlite3", "sqlite+pysqlite:///var/x.sqlite3", "sqlite+aiosqlite:///var/x.sqlite3"],
    )
    def test_sqlite_uses_aiosqlite(self, url: str) -> None:
        parsed = normalise_url(url)
        assert parsed.drivername == "sqlite+aiosqlite"
        assert parsed.database == "var/x.sqlite3"

    @pytest.mark.parametrize(
        "url", ["postgresql://u:p@db:5433/imis", "postgresql+psycopg://u:p@db:5433/imis"]
    )
    def test_postgresql_uses_asyncpg_and_keeps_the_rest(self, url: str) -> None:
        parsed = normalise_url(url)
        assert parsed.drivername == "postgresql+asyncpg"
        assert (parsed.username, parsed.password, parsed.host, parsed.port, parsed.database) == (
            "u",
            "p",
            "db",
            5433,
            "imis",
        )

    def test_keeps_query_options(self) -> None:
        assert normalise_url("postgresql://db/imis?ssl=require").query == {"ssl": "require"}

    @pytest.mark.parametrize("url", ["mysql://u@db/imis", "mysql+aiomysql://u@db/imis", "oracle://u@db/x"])
    def test_refuses_other_backends(self, url: str) -> None:
        with pytest.raises(ValueError, match="unsupported database backend"):
            normalise_url(url)


class TestCreateEngineOnSqlite:
    async def test_turns_on_wal_foreign_keys_and_a_busy_timeout(self, tmp_path: Path) -> None:
        engine = create_engine(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
        try:
            async with engine.connect() as connection:
                assert (await connection.execute(sa.text("PRAGMA journal_mode"))).scalar() == "wal"
                assert (await connection.execute(sa.text("PRAGMA foreign_keys"))).scalar() == 1
                assert (await connection.execute(sa.text("PRAGMA busy_timeout"))).scalar() == 30000
                assert (await connection.execute(sa.text("PRAGMA synchronous"))).scalar() == 1  # NORMAL
        finally:
            await engine.dispose()

    async def test_foreign_keys_are_enforced(self, tmp_path: Path) -> None:
        engine = create_engine(f"sqlite:///{tmp_path / 'fk.sqlite3'}")
        try:
            async with engine.begin() as connection:
                await connection.run_sync(Model.metadata.create_all)
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                async with engine.begin() as connection:
                    await connection.execute(sa.insert(Child).values(id=1, parent_id=42))
        finally:
            await engine.dispose()

    async def test_creates_the_missing_parent_directory(self, tmp_path: Path) -> None:
        path = tmp_path / "a" / "b" / "db.sqlite3"
        engine = create_engine(f"sqlite:///{path}")
        try:
            async with engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        finally:
            await engine.dispose()
        assert path.is_file()

    def test_database_knows_its_backend(self, tmp_path: Path) -> None:
        database = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
        assert database.is_sqlite
        assert not Database("postgresql://u@127.0.0.1/x").is_sqlite


class TestMetadata:
    def test_constraints_follow_the_naming_convention(self) -> None:
        ddl = str(CreateTable(Note.__table__).compile(dialect=sa.create_engine("sqlite://").dialect))
        assert "CONSTRAINT pk_shared_test_notes PRIMARY KEY" in ddl
        assert "CONSTRAINT uq_shared_test_notes_text UNIQUE" in ddl

    def test_every_call_gives_separate_metadata(self) -> None:
        assert new_metadata() is not new_metadata()
        assert not new_metadata().tables


class TestUTCDateTime:
    async def test_returns_aware_utc_for_an_aware_value_of_any_offset(self, database: Database) -> None:
        kathmandu = timezone(timedelta(hours=5, minutes=45))
        written = datetime(2025, 3, 1, 12, 0, 30, 123456, tzinfo=kathmandu)
        async with database.sessionmaker() as session:
            session.add(Event(id=1, at=written))
            await session.commit()
        async with database.sessionmaker() as session:
            read = await session.scalar(sa.select(Event.at).where(Event.id == 1))
        assert read == written
        assert read is not None and read.tzinfo is UTC
        assert (read.hour, read.minute) == (6, 15)

    async def test_refuses_a_naive_datetime(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            session.add(Event(id=1, at=datetime(2025, 3, 1, 12, 0)))
            with pytest.raises(StatementError, match="naive datetimes are not stored"):
                await session.commit()
        async with database.sessionmaker() as session:
            assert await session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0

    async def test_keeps_null(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            session.add(Event(id=1, at=None))
            await session.commit()
            assert await session.scalar(sa.select(Event.at)) is None

    async def test_compares_instants_across_offsets(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            session.add(Event(id=1, at=datetime(2025, 1, 1, 10, 0, tzinfo=UTC)))
            session.add(Event(id=2, at=datetime(2025, 1, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))))
            await session.commit()
            cutoff = datetime(2025, 1, 1, 9, 30, tzinfo=UTC)
            later = (await session.scalars(sa.select(Event.id).where(Event.at > cutoff))).all()
        assert later == [1]

    def test_binds_aware_values_as_utc(self) -> None:
        value = datetime(2025, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=-3)))
        bound = UTCDateTime().process_bind_param(value, sa.create_engine("sqlite://").dialect)
        assert bound == value
        assert bound is not None and bound.tzinfo is UTC and bound.hour == 15

    async def test_timestamp_mixin_fills_aware_utc_times_and_an_id(self, database: Database) -> None:
        async with database.sessionmaker() as session:
            note = Note(text="hello")
            session.add(note)
            await session.commit()
        async with database.sessionmaker() as session:
            stored = await session.scalar(sa.select(Note))
        assert stored is not None
        assert isinstance(stored.id, uuid.UUID)
        assert stored.created_at.tzinfo is UTC
        assert abs(datetime.now(UTC) - stored.created_at) < timedelta(minutes=1)


# --- the request session -----------------------------------------------------------------------


class KeptConflict(Conflict):
    """A domain error whose changes are recorded anyway (like a failed login's audit row)."""

    keep_changes = True


def notes_router() -> APIRouter:
    router = api_router(prefix="/notes")

    @router.post("/{text}", status_code=201)
    async def add(text: str, session: SessionDep) -> dict[str, str]:
        session.add(Note(text=text))
        return {"text": text}

    @router.post("/{text}/then-conflict")
    async def add_then_conflict(text: str, session: SessionDep) -> None:
        session.add(Note(text=text))
        await session.flush()
        raise Conflict("no")

    @router.post("/{text}/then-crash")
    async def add_then_crash(text: str, session: SessionDep) -> None:
        session.add(Note(text=text))
        await session.flush()
        raise RuntimeError("boom")

    @router.post("/{text}/then-kept-conflict")
    async def add_then_kept_conflict(text: str, session: SessionDep) -> None:
        session.add(Note(text=text))
        await session.flush()
        raise KeptConflict("recorded")

    @router.post("/{text}/twice-without-flush", status_code=201)
    async def add_twice(text: str, session: SessionDep) -> dict[str, str]:
        session.add(Note(text=text))
        session.add(Note(text=text))  # the unique violation surfaces only at commit
        return {"text": text}

    @router.get("")
    async def count(session: SessionDep) -> dict[str, object]:
        return {"is_session": isinstance(session, AsyncSession)}

    return router


class TestRequestSession:
    async def test_commits_when_the_handler_succeeds(self, make_app: AppFactory, database: Database) -> None:
        async with app_client(make_app([notes_router()])) as client:
            response = await client.post("/notes/kept")
        assert response.status_code == 201
        assert await note_texts(database) == ["kept"]

    async def test_rolls_back_when_the_handler_raises_a_domain_error(
        self, make_app: AppFactory, database: Database
    ) -> None:
        async with app_client(make_app([notes_router()])) as client:
            response = await client.post("/notes/gone/then-conflict")
        assert response.status_code == 409
        assert await note_texts(database) == []

    async def test_rolls_back_when_the_handler_crashes(
        self, make_app: AppFactory, database: Database
    ) -> None:
        async with app_client(make_app([notes_router()])) as client:
            response = await client.post("/notes/gone/then-crash")
        assert response.status_code == 500
        assert await note_texts(database) == []

    async def test_commits_when_the_error_asks_to_keep_changes(
        self, make_app: AppFactory, database: Database
    ) -> None:
        async with app_client(make_app([notes_router()])) as client:
            response = await client.post("/notes/audit/then-kept-conflict")
        assert response.status_code == 409
        assert response.json()["detail"] == "recorded"
        assert await note_texts(database) == ["audit"]

    async def test_a_failing_commit_is_an_error_response_not_a_success(
        self, make_app: AppFactory, database: Database
    ) -> None:
        async with app_client(make_app([notes_router()])) as client:
            response = await client.post("/notes/dup/twice-without-flush")
        assert response.status_code == 500
        assert response.headers["content-type"] == "application/problem+json"
        assert await note_texts(database) == []

    async def test_each_request_gets_its_own_session(self, make_app: AppFactory, database: Database) -> None:
        async with app_client(make_app([notes_router()])) as client:
            first = await client.post("/notes/one")
            failed = await client.post("/notes/two/then-conflict")
            second = await client.post("/notes/three")
            listed = await client.get("/notes")
        assert [first.status_code, failed.status_code, second.status_code] == [201, 409, 201]
        assert listed.json() == {"is_session": True}
        assert await note_texts(database) == ["one", "three"]
