"""Notifications: an event asks for one (``notification.requested``: whom, what kind, with which
public values); the gateway renders it in the person's language, keeps it in their inbox and
queues a delivery on each channel they chose. A worker sends what is due, keeps quiet hours, never
sends on a channel the person has since turned off, and retries a failed send with a growing delay
until it gives up and admins see it (docs/notifications.md)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts.models import UserAccount
from imis_gateway.config import GatewaySettings
from imis_gateway.mailer import Mailer
from imis_gateway.notifications import repository
from imis_gateway.notifications.channels import SendFailed, Sms, send_email
from imis_gateway.notifications.models import (
    Delivery,
    DeliveryStatus,
    Notification,
    NotificationChannel,
    Preferences,
)
from imis_gateway.notifications.templates import TEMPLATES, language_of, render
from imis_shared.db import Database, utcnow
from imis_shared.errors import NotFound
from imis_shared.events import Event

logger = logging.getLogger("imis.notifications")

CLAIM_SECONDS = 120  # a claimed delivery is another worker's to retry after this
MAX_RETRY = timedelta(hours=6)
BATCH = 20


def defaults(user_id: uuid.UUID) -> Preferences:
    return Preferences(user_id=user_id, email=True, sms=False, phone=None, language=None, timezone="UTC")


async def record_notification(session: AsyncSession, event: Event) -> None:
    """The handler of ``notification.requested``. An account deleted since is told nothing; a kind
    no template knows is logged and dropped (a newer service than this gateway)."""
    try:
        user_id = uuid.UUID(str(event.data["user_id"]))
        kind = str(event.data["kind"])
        params = {str(key): str(value) for key, value in dict(event.data.get("params") or {}).items()}
    except (KeyError, ValueError, TypeError):
        logger.error("event %s: a notification request without user_id and kind; dropped", event.id)
        return
    if kind not in TEMPLATES:
        logger.error("event %s: no template for notification kind %r; dropped", event.id, kind)
        return
    account = await session.get(UserAccount, user_id)
    if account is None:
        return
    try:
        await notify_account(session, account, kind, params, source=event.source, at=event.occurred_at)
    except KeyError as missing:
        logger.error("event %s: notification %s lacks %s; dropped", event.id, kind, missing)


async def notify_account(
    session: AsyncSession,
    account: UserAccount,
    kind: str,
    params: dict[str, str],
    *,
    source: str = "gateway",
    at: datetime | None = None,
) -> Notification:
    """Keep the notification in the account's inbox, in their language, and queue its deliveries
    (the gateway's own news, such as an email change, comes here without an event). KeyError for a
    value its template needs and ``params`` lacks."""
    chosen = await repository.preferences(session, account.id) or defaults(account.id)
    language = language_of(chosen.language or account.preferred_language)
    words = render(kind, language, params)
    notification = Notification(
        id=uuid.uuid4(),
        user_id=account.id,
        kind=kind,
        source=source,
        params=params,
        language=language,
        title=words.title,
        body=words.body,
        created_at=at or utcnow(),
    )
    session.add(notification)
    await session.flush()  # before its deliveries, which point at it
    for channel in channels_of(chosen):
        session.add(Delivery(notification_id=notification.id, channel=channel, next_attempt_at=utcnow()))
    await session.flush()
    return notification


def channels_of(chosen: Preferences) -> list[NotificationChannel]:
    wanted = [NotificationChannel.EMAIL] if chosen.email else []
    if chosen.sms and chosen.phone:
        wanted.append(NotificationChannel.SMS)
    return wanted


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def quiet_until(chosen: Preferences, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if ``now`` falls in them; None otherwise."""
    if not chosen.quiet_from or not chosen.quiet_until:
        return None
    zone = ZoneInfo(chosen.timezone)
    local = now.astimezone(zone)
    start, end = _clock(chosen.quiet_from), _clock(chosen.quiet_until)
    clock = local.time().replace(second=0, microsecond=0)
    inside = start <= clock < end if start < end else clock >= start or clock < end
    if not inside:
        return None
    ends = datetime.combine(local.date(), end, tzinfo=zone)
    if ends <= local:
        ends += timedelta(days=1)
    return ends.astimezone(now.tzinfo)


def retry_delay(settings: GatewaySettings, attempts: int) -> timedelta:
    return min(MAX_RETRY, timedelta(seconds=settings.notification_retry_seconds * 2 ** max(0, attempts - 1)))


async def _send(
    delivery: Delivery,
    notification: Notification,
    account: UserAccount,
    chosen: Preferences,
    mailer: Mailer,
    sms: Sms,
) -> None:
    text = f"{notification.title}\n\n{notification.body}"
    if delivery.channel is NotificationChannel.EMAIL:
        await send_email(mailer, account.email, notification.title, notification.body)
    else:
        assert chosen.phone is not None
        await sms.send(chosen.phone, text)


async def deliver_one(
    database: Database,
    settings: GatewaySettings,
    mailer: Mailer,
    sms: Sms,
    delivery_id: uuid.UUID,
    now: datetime,
) -> None:
    async with await database.write_session() as session:
        if not await repository.claim(session, delivery_id, now, now + timedelta(seconds=CLAIM_SECONDS)):
            return  # another worker has it
        found = await repository.delivery_context(session, delivery_id)
        await session.commit()
    if found is None:
        return  # the account was deleted meanwhile: its notifications went with it
    delivery, notification, account, chosen_row = found
    chosen = chosen_row or defaults(account.id)
    outcome: dict[str, object]
    if delivery.channel not in channels_of(chosen):
        outcome = {"status": DeliveryStatus.CANCELLED, "last_error": "the person turned this channel off"}
    elif (later := quiet_until(chosen, now)) is not None:
        outcome = {"next_attempt_at": later}
    else:
        try:
            await _send(delivery, notification, account, chosen, mailer, sms)
            outcome = {"status": DeliveryStatus.SENT, "sent_at": utcnow(), "attempts": delivery.attempts + 1}
        except SendFailed as error:
            attempts = delivery.attempts + 1
            outcome = {"attempts": attempts, "last_error": str(error)[:300]}
            if attempts >= settings.notification_max_attempts:
                outcome["status"] = DeliveryStatus.FAILED
                logger.warning("delivery %s (%s) failed for good: %s", delivery.id, delivery.channel, error)
            else:
                outcome["next_attempt_at"] = utcnow() + retry_delay(settings, attempts)
    async with await database.write_session() as session:
        await repository.settle(session, delivery_id, outcome)
        await session.commit()


async def deliver_due(database: Database, settings: GatewaySettings, mailer: Mailer, sms: Sms) -> int:
    """Send what is due now; how many deliveries were looked at."""
    now = utcnow()
    async with database.sessionmaker() as session:
        ids = await repository.due(session, now, BATCH)
    for delivery_id in ids:
        await deliver_one(database, settings, mailer, sms, delivery_id, now)
    return len(ids)


async def run_deliveries(database: Database, settings: GatewaySettings, mailer: Mailer, sms: Sms) -> None:
    """The delivery loop, until cancelled (the gateway's event worker runs it)."""
    while True:
        try:
            looked = await deliver_due(database, settings, mailer, sms)
        except Exception:
            logger.exception("the notification deliveries failed; again shortly")
            looked = 0
        if looked < BATCH:
            await asyncio.sleep(settings.notification_poll_seconds)


async def get_own(session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    notification = await repository.own(session, user_id, notification_id)
    if notification is None:
        raise NotFound("No such notification.")
    return notification


async def mark_read(session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    notification = await get_own(session, user_id, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        await session.flush()
    return notification


async def mark_all_read(session: AsyncSession, user_id: uuid.UUID) -> int:
    return await repository.mark_all_read(session, user_id, utcnow())


async def current_preferences(session: AsyncSession, user_id: uuid.UUID) -> Preferences:
    return await repository.preferences(session, user_id) or defaults(user_id)


async def set_preferences(
    session: AsyncSession, user_id: uuid.UUID, values: dict[str, object]
) -> Preferences:
    """Replace the person's preferences; pending deliveries on a channel now off are not sent."""
    chosen = await repository.preferences(session, user_id)
    if chosen is None:
        chosen = Preferences(user_id=user_id)
        session.add(chosen)
    for name, value in values.items():
        setattr(chosen, name, value)
    await session.flush()
    return chosen
