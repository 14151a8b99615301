"""Events between services: a transactional outbox, delivery through NATS JetStream, consumers that
ignore duplicates (docs/architecture.md, "Events between services").

- A service records an event with :func:`emit` in the same transaction as the change that causes it:
  both are stored, or neither.
- Its relay publishes stored events to the broker's stream in the order they were recorded, with the
  event id as JetStream's message id (the broker drops a copy it already holds), and marks them
  published only once the broker has acknowledged them. A relay that stops between the two publishes
  the event again: delivery is at least once.
- Each consumer is a durable pull consumer of one event type. It handles an event in a transaction
  that also records the event id in the service's inbox, so a second delivery of the same event
  changes nothing; it acknowledges only after that transaction commits. A handler that fails is
  retried with a growing delay, without limit: an event is never dropped because a service was down
  or a database was busy.

Events carry ids, not personal data: a consumer that needs more asks its own records.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import nats
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StorageType, StreamConfig
from nats.js.errors import BadRequestError
from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from imis_shared.db import Database, UTCDateTime, utcnow
from imis_shared.settings import ServiceSettings

logger = logging.getLogger("imis.events")

EVENT_TYPE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
MAX_BACKOFF_SECONDS = 60.0
FETCH_WAIT_SECONDS = 2.0
ACK_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class EventTables:
    """The outbox (events recorded, waiting to be published) and the inbox (events handled)."""

    outbox: Table
    inbox: Table


def event_tables(metadata: MetaData) -> EventTables:
    """The two event tables in a service's own metadata (its migrations create them)."""
    outbox = Table(
        "event_outbox",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("type", String(80), nullable=False),
        Column("payload", Text, nullable=False),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("published_at", UTCDateTime(), nullable=True),
        Column("attempts", Integer, nullable=False, default=0),
        Index("ix_event_outbox_published_at_created_at", "published_at", "created_at"),
    )
    inbox = Table(
        "event_inbox",
        metadata,
        Column("consumer", String(80), primary_key=True),
        Column("event_id", Uuid(), primary_key=True),
        Column("processed_at", UTCDateTime(), nullable=False),
    )
    return EventTables(outbox, inbox)


@dataclass(frozen=True)
class Event:
    """One event as a consumer receives it."""

    id: uuid.UUID
    type: str
    occurred_at: datetime
    source: str
    data: Mapping[str, Any]


async def emit(
    session: AsyncSession, tables: EventTables, source: str, type_: str, data: Mapping[str, Any]
) -> uuid.UUID:
    """Record an event in the session's transaction; it is published once that transaction commits.

    ``data`` is JSON: ids and codes, never a name, an address or free text about a person."""
    if not EVENT_TYPE.match(type_):
        raise ValueError(f"an event type is dotted lower-case words: {type_!r}")
    event_id = uuid.uuid4()
    now = utcnow()
    envelope = {"id": str(event_id), "type": type_, "occurred_at": now.isoformat(), "source": source}
    payload = json.dumps({**envelope, "data": dict(data)}, separators=(",", ":"), sort_keys=True)
    await session.execute(
        insert(tables.outbox).values(id=event_id, type=type_, payload=payload, created_at=now, attempts=0)
    )
    return event_id


def decode(payload: bytes) -> Event:
    """An event from the bytes a relay published; ValueError when they are not one."""
    try:
        body = json.loads(payload)
        return Event(
            id=uuid.UUID(body["id"]),
            type=str(body["type"]),
            occurred_at=datetime.fromisoformat(body["occurred_at"]),
            source=str(body["source"]),
            data=dict(body["data"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(f"not an IMIS event: {error}") from None


Handle = Callable[[AsyncSession, Event], Awaitable[None]]


@dataclass(frozen=True)
class Handler:
    """What a service does with one type of event: ``name`` names its durable consumer."""

    name: str
    event_type: str
    handle: Handle


ACCOUNT_DELETED = "account.deleted"  # the gateway deleted an account: {account_id, request_id}
ACCOUNT_ERASED = "account.erased"  # a service erased that person: {request_id, service}
# A service asks the gateway to tell a person something: {user_id, kind, params}; params are ids, codes
# and public titles that the kind's template words (imis_gateway.notifications.templates).
NOTIFICATION_REQUESTED = "notification.requested"
VACANCY_PUBLISHED = "vacancy.published"  # the jobs service published a vacancy: {vacancy_id}

Erase = Callable[[AsyncSession, str], Awaitable[None]]


async def request_notification(
    session: AsyncSession, tables: EventTables, source: str, user_id: str | None, kind: str, **params: str
) -> None:
    """Ask the gateway, in the session's transaction, to tell the account ``user_id`` (nobody to tell
    when a record has no account yet). ``params`` are ids, codes and public titles: the gateway words
    them in the person's language (docs/notifications.md)."""
    if user_id is None:
        return
    await emit(
        session, tables, source, NOTIFICATION_REQUESTED, {"user_id": user_id, "kind": kind, "params": params}
    )


def account_erasure(source: str, tables: EventTables, erase: Erase) -> Handler:
    """The ``account.deleted`` handler of a service that holds people's data: ``erase`` the account's
    data, then answer ``account.erased`` in the same transaction."""

    async def handle(session: AsyncSession, event: Event) -> None:
        await erase(session, str(event.data["account_id"]))
        await emit(
            session,
            tables,
            source,
            ACCOUNT_ERASED,
            {"request_id": str(event.data["request_id"]), "service": source},
        )

    return Handler("erase-account", ACCOUNT_DELETED, handle)


Background = Callable[[Database, ServiceSettings], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class EventSetup:
    """A service's part in the events: its tables, the handlers of the events it consumes, and the
    loops its worker runs beside them (the gateway's notification deliveries), until cancelled."""

    source: str
    tables: EventTables
    handlers: Sequence[Handler] = ()
    background: Sequence[Background] = ()


@dataclass(frozen=True)
class BrokerConfig:
    url: str
    subject_prefix: str = "imis"
    max_age_days: int = 30
    poll_seconds: float = 0.2

    @property
    def stream(self) -> str:
        return re.sub(r"[^A-Za-z0-9_-]", "_", self.subject_prefix).upper()

    def subject(self, event_type: str) -> str:
        return f"{self.subject_prefix}.{event_type}"


def backoff_seconds(deliveries: int) -> float:
    """The delay before delivery ``deliveries + 1`` of an event its handler failed: 1, 2, 4 ... 60 s."""
    return float(min(MAX_BACKOFF_SECONDS, 2 ** max(0, deliveries - 1)))


async def publish_pending(
    database: Database, tables: EventTables, js: JetStreamContext, config: BrokerConfig, batch: int = 100
) -> int:
    """Publish the oldest unpublished events (at most ``batch``), in order; how many were published.

    Stops at the first the broker does not acknowledge, so that order is kept; it is tried again."""
    outbox = tables.outbox
    async with database.sessionmaker() as session:
        rows = (
            await session.execute(
                select(outbox.c.id, outbox.c.type, outbox.c.payload)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.created_at, outbox.c.id)
                .limit(batch)
            )
        ).all()
    published: list[uuid.UUID] = []
    try:
        for row in rows:
            await js.publish(
                config.subject(row.type),
                row.payload.encode(),
                timeout=5.0,
                headers={"Nats-Msg-Id": str(row.id)},
            )
            published.append(row.id)
    finally:
        if rows:
            async with await database.write_session() as session:
                if published:
                    await session.execute(
                        update(outbox).where(outbox.c.id.in_(published)).values(published_at=utcnow())
                    )
                if len(published) < len(rows):  # the one the broker did not take
                    await session.execute(
                        update(outbox)
                        .where(outbox.c.id == rows[len(published)].id)
                        .values(attempts=outbox.c.attempts + 1)
                    )
                await session.commit()
    return len(published)


async def prune_published(database: Database, tables: EventTables, keep: timedelta) -> None:
    """Forget published events older than ``keep`` (the broker's stream keeps them as long)."""
    async with await database.write_session() as session:
        await session.execute(delete(tables.outbox).where(tables.outbox.c.published_at < utcnow() - keep))
        await session.commit()


async def handle_message(
    database: Database, tables: EventTables, consumer: str, handler: Handler, msg: Msg
) -> None:
    """Handle one delivered message and acknowledge it, or ask for it again later."""
    try:
        event = decode(msg.data)
    except ValueError:
        logger.error("consumer %s: dropped a message that is not an event (%s)", consumer, msg.subject)
        await msg.term()
        return
    try:
        async with await database.write_session() as session:
            seen = await session.scalar(
                select(tables.inbox.c.event_id).where(
                    tables.inbox.c.consumer == consumer, tables.inbox.c.event_id == event.id
                )
            )
            if seen is None:
                await handler.handle(session, event)
                await session.execute(
                    insert(tables.inbox).values(consumer=consumer, event_id=event.id, processed_at=utcnow())
                )
                await session.commit()
    except IntegrityError:
        # Another delivery of the same event committed first (a second replica): it is handled.
        logger.info("consumer %s: event %s was handled by another delivery", consumer, event.id)
    except Exception:
        deliveries = msg.metadata.num_delivered or 1
        delay = backoff_seconds(deliveries)
        logger.exception(
            "consumer %s: event %s (%s) failed on delivery %d; again in %.0f s",
            consumer,
            event.id,
            event.type,
            deliveries,
            delay,
        )
        await msg.nak(delay=delay)
        return
    await msg.ack()


class EventWorker:
    """A service's relay and consumers: runs until cancelled, reconnecting to the broker as needed."""

    def __init__(self, database: Database, setup: EventSetup, config: BrokerConfig) -> None:
        self.database = database
        self.setup = setup
        self.config = config
        self.connected = asyncio.Event()

    async def run(self) -> None:
        delay = 0.5
        while True:
            try:
                client = await nats.connect(
                    self.config.url,
                    connect_timeout=2,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    name=f"imis-{self.setup.source}",
                )
            except (OSError, NatsError) as error:
                logger.warning(
                    "%s: the event broker is unreachable (%s); again in %.0f s",
                    self.setup.source,
                    type(error).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF_SECONDS, delay * 2)
                continue
            try:
                await self._serve(client)
            except Exception as error:
                logger.warning(
                    "%s: the event worker stopped (%s); reconnecting", self.setup.source, type(error).__name__
                )
                await asyncio.sleep(1.0)
            finally:
                self.connected.clear()
                with contextlib.suppress(Exception):
                    await client.close()

    async def _serve(self, client: NatsClient) -> None:
        js = client.jetstream()
        await ensure_stream(js, self.config)
        subscriptions = [(handler, await self._subscribe(js, handler)) for handler in self.setup.handlers]
        self.connected.set()
        logger.info("%s: connected to the event broker", self.setup.source)
        async with asyncio.TaskGroup() as group:
            group.create_task(self._relay(js))
            for handler, subscription in subscriptions:
                group.create_task(self._consume(handler, subscription))

    def consumer_name(self, handler: Handler) -> str:
        return f"{self.setup.source}-{handler.name}"

    async def _subscribe(self, js: JetStreamContext, handler: Handler) -> JetStreamContext.PullSubscription:
        return await js.pull_subscribe(
            self.config.subject(handler.event_type),
            durable=self.consumer_name(handler),
            stream=self.config.stream,
            config=ConsumerConfig(
                ack_policy=AckPolicy.EXPLICIT,
                deliver_policy=DeliverPolicy.ALL,
                ack_wait=ACK_WAIT_SECONDS,
                max_deliver=-1,
            ),
        )

    async def _relay(self, js: JetStreamContext) -> None:
        keep = timedelta(days=self.config.max_age_days)
        rounds = 0
        while True:
            try:
                published = await publish_pending(self.database, self.setup.tables, js, self.config)
            except (TimeoutError, NatsError, OSError) as error:
                logger.warning("%s: publishing events failed (%s)", self.setup.source, type(error).__name__)
                published = 0
                await asyncio.sleep(1.0)
            rounds += 1
            if rounds % 3000 == 0:  # about every ten minutes at the default poll
                await prune_published(self.database, self.setup.tables, keep)
            if not published:
                await asyncio.sleep(self.config.poll_seconds)

    async def _consume(self, handler: Handler, subscription: JetStreamContext.PullSubscription) -> None:
        name = self.consumer_name(handler)
        while True:
            try:
                # One at a time: nats-py's fetch of a batch that finds the stream empty waits for the
                # whole batch until its pull request expires, so an event arriving meanwhile would wait
                # up to FETCH_WAIT_SECONDS; a fetch of one returns as soon as it arrives.
                messages = await subscription.fetch(batch=1, timeout=FETCH_WAIT_SECONDS)
            except NatsTimeoutError:
                continue
            for message in messages:
                await handle_message(self.database, self.setup.tables, name, handler, message)


async def ensure_stream(js: JetStreamContext, config: BrokerConfig) -> None:
    """Create the platform's stream, or bring an existing one to this configuration."""
    stream = StreamConfig(
        name=config.stream,
        subjects=[f"{config.subject_prefix}.>"],
        storage=StorageType.FILE,
        max_age=config.max_age_days * 86400.0,
        duplicate_window=120.0,
    )
    try:
        await js.add_stream(stream)
    except BadRequestError:
        await js.update_stream(stream)


def broker_config(settings: ServiceSettings) -> BrokerConfig | None:
    """The broker a service's settings name; None when events stay in the outbox."""
    if settings.events_url is None:
        return None
    return BrokerConfig(
        url=settings.events_url,
        subject_prefix=settings.events_subject_prefix,
        max_age_days=settings.events_max_age_days,
        poll_seconds=settings.events_poll_seconds,
    )


async def run_event_worker(
    database: Database, setup: EventSetup, config: BrokerConfig, settings: ServiceSettings
) -> None:
    """Run a service's relay, consumers and background loops until cancelled (its server's lifespan,
    or ``imis-<service> worker``)."""
    async with asyncio.TaskGroup() as group:
        group.create_task(EventWorker(database, setup, config).run())
        for loop in setup.background:
            group.create_task(loop(database, settings))


def create_event_tables() -> None:
    """The migration step that adds the event tables to a service's database (each service's own
    migration calls it, so the tables are the same everywhere)."""
    import sqlalchemy as sa
    from alembic import op

    op.create_table(
        "event_outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=80), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_outbox")),
    )
    op.create_index("ix_event_outbox_published_at_created_at", "event_outbox", ["published_at", "created_at"])
    op.create_table(
        "event_inbox",
        sa.Column("consumer", sa.String(length=80), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id", name=op.f("pk_event_inbox")),
    )


def drop_event_tables() -> None:
    from alembic import op

    op.drop_table("event_inbox")
    op.drop_index("ix_event_outbox_published_at_created_at", table_name="event_outbox")
    op.drop_table("event_outbox")
