"""Events between services against a real NATS JetStream server (127.0.0.1:4222, as on the
development and CI machines; IMIS_TEST_NATS_URL names another) and the real test database."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import nats
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_shared.db import Database, new_metadata
from imis_shared.events import (
    BrokerConfig,
    Event,
    EventSetup,
    EventTables,
    Handler,
    backoff_seconds,
    decode,
    emit,
    event_tables,
    run_event_worker,
)
from imis_shared.settings import ServiceSettings

NATS_URL = os.environ.get("IMIS_TEST_NATS_URL", "nats://127.0.0.1:4222")


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[tuple[Database, EventTables]]:
    metadata = new_metadata()
    tables = event_tables(metadata)
    db = Database(database_url)
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
        await connection.run_sync(metadata.create_all)
    try:
        yield db, tables
    finally:
        async with db.engine.begin() as connection:
            await connection.run_sync(metadata.drop_all)
        await db.dispose()


@pytest.fixture
async def broker() -> AsyncIterator[BrokerConfig]:
    config = BrokerConfig(url=NATS_URL, subject_prefix=f"t{uuid.uuid4().hex[:12]}", poll_seconds=0.05)
    yield config
    client = await nats.connect(NATS_URL)
    with contextlib.suppress(Exception):
        await client.jetstream().delete_stream(config.stream)
    await client.close()


async def _until(condition: Callable[[], Awaitable[bool]]) -> None:
    async with asyncio.timeout(15):
        while not await condition():  # noqa: ASYNC110 - the condition is a database row, no signal
            await asyncio.sleep(0.05)


async def test_an_event_recorded_with_its_change_is_handled_once(
    database: tuple[Database, EventTables], broker: BrokerConfig
) -> None:
    db, tables = database
    handled: list[Event] = []

    async def handle(session: AsyncSession, event: Event) -> None:
        handled.append(event)

    setup = EventSetup("test", tables, (Handler("count", "thing.happened", handle),))
    async with db.sessionmaker() as session:  # rolled back: no event
        await emit(session, tables, "test", "thing.happened", {"id": "lost"})
        await session.rollback()
    async with db.sessionmaker() as session:
        event_id = await emit(session, tables, "test", "thing.happened", {"id": "kept"})
        await session.commit()
    worker = asyncio.create_task(run_event_worker(db, setup, broker, ServiceSettings()))
    try:

        async def handled_once() -> bool:
            return len(handled) == 1

        await _until(handled_once)
        # The same event again (a relay that stopped before marking it published): ignored.
        async with db.sessionmaker() as session:
            payload = await session.scalar(select(tables.outbox.c.payload))
        client = await nats.connect(NATS_URL)
        await client.jetstream().publish(broker.subject("thing.happened"), payload.encode())
        await client.close()
        await asyncio.sleep(1.0)
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    assert [event.id for event in handled] == [event_id]
    assert handled[0].data == {"id": "kept"}
    async with db.sessionmaker() as session:
        assert await session.scalar(select(tables.outbox.c.published_at)) is not None


async def test_a_failing_handler_is_retried_until_it_succeeds(
    database: tuple[Database, EventTables], broker: BrokerConfig
) -> None:
    db, tables = database
    tries: list[int] = []

    async def handle(session: AsyncSession, event: Event) -> None:
        tries.append(1)
        if len(tries) < 2:
            raise RuntimeError("the database is busy")

    setup = EventSetup("test", tables, (Handler("flaky", "thing.happened", handle),))
    async with db.sessionmaker() as session:
        await emit(session, tables, "test", "thing.happened", {})
        await session.commit()
    worker = asyncio.create_task(run_event_worker(db, setup, broker, ServiceSettings()))
    try:

        async def handled() -> bool:
            return len(tries) >= 2 and await _handled(db, tables)

        await _until(handled)
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    assert len(tries) == 2


async def _handled(db: Database, tables: EventTables) -> bool:
    async with db.sessionmaker() as session:
        return await session.scalar(select(tables.inbox.c.event_id)) is not None


def test_backoff_grows_to_a_minute() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 7, 20)] == [1.0, 2.0, 4.0, 60.0, 60.0]


def test_decode_refuses_what_is_not_an_event() -> None:
    with pytest.raises(ValueError, match="not an IMIS event"):
        decode(b"{}")
    with pytest.raises(ValueError, match="not an IMIS event"):
        decode(b"\xff")


async def test_emit_refuses_a_badly_named_type(database: tuple[Database, EventTables]) -> None:
    db, tables = database
    async with db.sessionmaker() as session:
        with pytest.raises(ValueError, match="dotted"):
            await emit(session, tables, "test", "Thing", {})
