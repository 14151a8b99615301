"""Notifications: a service's ``notification.requested`` becomes an inbox entry in the person's language
and a delivery on each channel they chose; the worker sends email through the real SMTP test server
and SMS through a real HTTP server that answers as Twilio's Messages API does; it keeps quiet hours,
never sends on a channel turned off, retries a failure with a growing delay and then gives up where
admins see it."""

from __future__ import annotations

import base64
import io
import json
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI, Request, Response
from gateway_helpers import Tokens, login, register
from gateway_mail import Mailbox
from pydantic import SecretStr
from sqlalchemy import select, update

from imis_gateway.config import GatewaySettings
from imis_gateway.events import EVENT_SETUP
from imis_gateway.mailer import Mailer
from imis_gateway.notifications.channels import LoggedSms, Sms, TwilioSms
from imis_gateway.notifications.models import Delivery, DeliveryStatus, Notification
from imis_gateway.notifications.service import deliver_due
from imis_gateway.notifications.templates import (
    CASE_STATUSES,
    KINDS,
    LANGUAGES,
    NEEDS,
    PROJECT_STATUSES,
    STATUSES,
    render,
)
from imis_shared.db import Database
from imis_shared.events import NOTIFICATION_REQUESTED
from imis_testing import serve_in_thread
from imis_testing.events import deliver, event

ME = "/api/v1/auth/me"
INBOX = f"{ME}/notifications"
PREFERENCES = f"{ME}/notification-preferences"
DELIVERIES = "/api/v1/admin/notification-deliveries"
SID, AUTH_TOKEN, SENDER = "AC0123456789abcdef0123456789abcdef", "twilio-test-token", "+15005550006"
STATUS = {
    "application_id": "a1",
    "vacancy_id": "v1",
    "vacancy": "Staff nurse, Rotterdam",
    "status": "shortlisted",
}


@dataclass
class Twilio:
    """A real HTTP server answering as Twilio's Messages API: what it received, and whether it fails."""

    url: str
    received: list[dict[str, Any]] = field(default_factory=list)
    failing: bool = False


@pytest.fixture(scope="module")
def twilio() -> Iterator[Twilio]:
    app = FastAPI()
    state = Twilio(url="")

    @app.post("/2010-04-01/Accounts/{sid}/Messages.json")
    async def messages(sid: str, request: Request) -> Response:
        form = dict(await request.form())
        credentials = base64.b64decode(request.headers["authorization"].removeprefix("Basic ")).decode()
        state.received.append({"sid": sid, "credentials": credentials, **form})
        if state.failing:
            return Response('{"code": 20500, "message": "down"}', status_code=500)
        return Response('{"sid": "SM1", "status": "queued"}', status_code=201, media_type="application/json")

    with serve_in_thread(app) as url:
        state.url = url
        yield state


@pytest.fixture
async def sms(twilio: Twilio, settings: GatewaySettings) -> AsyncIterator[Sms]:
    twilio.received.clear()
    twilio.failing = False
    configured = settings.model_copy(
        update={
            "sms_provider": "twilio",
            "sms_api_url": twilio.url,
            "sms_account_sid": SID,
            "sms_auth_token": SecretStr(AUTH_TOKEN),
            "sms_from": SENDER,
        }
    )
    async with httpx.AsyncClient() as client:
        yield TwilioSms(configured, client)


async def notify(
    settings: GatewaySettings, user_id: str, kind: str = "application_status_changed", **params: str
) -> None:
    """Deliver ``notification.requested`` to the gateway's handler, as its consumer does."""
    request = event(
        NOTIFICATION_REQUESTED, {"user_id": user_id, "kind": kind, "params": params or STATUS}, "jobs"
    )
    await deliver(settings.database_url, EVENT_SETUP.handlers[1], request)


async def send_due(settings: GatewaySettings, sms: Sms) -> int:
    database = Database(settings.database_url)
    try:
        return await deliver_due(database, settings, Mailer(settings), sms)
    finally:
        await database.dispose()


async def deliveries(settings: GatewaySettings) -> list[Delivery]:
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            return list((await session.scalars(select(Delivery).order_by(Delivery.channel))).all())
    finally:
        await database.dispose()


async def make_due(settings: GatewaySettings) -> None:
    """Bring every pending delivery's time forward, as waiting would."""
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            past = datetime.now(UTC) - timedelta(seconds=1)
            await session.execute(update(Delivery).values(next_attempt_at=past))
            await session.commit()
    finally:
        await database.dispose()


async def account_id(client: httpx.AsyncClient, tokens: Tokens) -> str:
    return str((await client.get(ME, headers=tokens.headers)).json()["id"])


def mails_to(mailbox: Mailbox, address: str) -> list[Any]:
    return [m for r, m in zip(mailbox.recipients, mailbox.messages, strict=True) if address in r]


class TestInbox:
    async def test_a_request_lands_in_the_inbox_in_the_persons_language(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        await client.patch(ME, json={"preferred_language": "ar"}, headers=seeker.headers)
        await notify(settings, await account_id(client, seeker))
        inbox = (await client.get(INBOX, headers=seeker.headers)).json()
        assert inbox["total"] == 1 and inbox["unread"] == 1
        [item] = inbox["items"]
        assert item["kind"] == "application_status_changed" and item["source"] == "jobs"
        assert item["language"] == "ar" and item["read_at"] is None
        assert item["title"] == "طلبك: في القائمة المختصرة"
        assert "Staff nurse, Rotterdam" in item["body"] and item["params"] == STATUS

    async def test_read_one_then_all_and_only_ones_own(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        me = await account_id(client, seeker)
        for _ in range(3):
            await notify(settings, me)
        items = (await client.get(INBOX, headers=seeker.headers)).json()["items"]
        first = await client.post(f"{INBOX}/{items[0]['id']}/read", headers=seeker.headers)
        assert first.status_code == 200 and first.json()["read_at"] is not None
        unread = (await client.get(INBOX, params={"unread": "true"}, headers=seeker.headers)).json()
        assert unread["total"] == 2 and unread["unread"] == 2
        await register(client, "other@example.org", ["job_seeker"])
        other = await login(client, "other@example.org")
        assert (await client.post(f"{INBOX}/{items[1]['id']}/read", headers=other.headers)).status_code == 404
        assert (await client.get(INBOX, headers=other.headers)).json()["total"] == 0
        marked = await client.post(f"{INBOX}/read", headers=seeker.headers)
        assert marked.json() == {"marked": 2}
        assert (await client.get(INBOX, headers=seeker.headers)).json()["unread"] == 0

    async def test_nothing_is_kept_for_a_deleted_account_or_an_unknown_kind(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        await notify(settings, str(uuid.uuid4()))
        await notify(settings, await account_id(client, seeker), kind="lottery_won", prize="1")
        database = Database(settings.database_url)
        try:
            async with database.sessionmaker() as session:
                assert (await session.scalars(select(Notification))).all() == []
        finally:
            await database.dispose()

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(INBOX)).status_code == 401

    async def test_an_email_change_is_told_on_every_chosen_channel(
        self, client: httpx.AsyncClient, seeker: Tokens, shared_smtp: tuple[Mailbox, int]
    ) -> None:
        await client.put(
            PREFERENCES, json={"email": True, "sms": True, "phone": "+201001234567"}, headers=seeker.headers
        )
        asked = await client.post(
            f"{ME}/email-change", json={"email": "seeker.new@example.org"}, headers=seeker.headers
        )
        assert asked.status_code == 202
        token = shared_smtp[0].token_for("seeker.new@example.org")
        confirmed = await client.post("/api/v1/auth/email-verification/confirm", json={"token": token})
        assert confirmed.status_code == 200, confirmed.text
        [item] = (await client.get(INBOX, headers=seeker.headers)).json()["items"]
        assert item["kind"] == "email_changed" and item["source"] == "gateway"
        assert item["title"] == "Your email address was changed"

    async def test_the_persons_export_holds_what_they_were_told_and_how(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings, sms: Sms
    ) -> None:
        await notify(settings, await account_id(client, seeker))
        await send_due(settings, sms)
        exported = await client.get(f"{ME}/export", headers=seeker.headers)
        with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
            told = json.loads(archive.read("gateway.json"))["notifications"]
        assert [(n["kind"], n["title"]) for n in told] == [
            ("application_status_changed", "Your application: shortlisted")
        ]
        assert [(d["channel"], d["status"]) for d in told[0]["deliveries"]] == [("email", "sent")]


class TestDelivery:
    async def test_email_is_sent_once_to_the_accounts_address(
        self,
        client: httpx.AsyncClient,
        seeker: Tokens,
        settings: GatewaySettings,
        shared_smtp: tuple[Mailbox, int],
        sms: Sms,
    ) -> None:
        mailbox = shared_smtp[0]
        before = len(mails_to(mailbox, "seeker@example.org"))
        await notify(settings, await account_id(client, seeker))
        await send_due(settings, sms)
        await send_due(settings, sms)
        sent = mails_to(mailbox, "seeker@example.org")[before:]
        assert len(sent) == 1 and sent[0]["Subject"] == "Your application: shortlisted"
        assert "Staff nurse, Rotterdam" in sent[0].get_body(preferencelist=("plain",)).get_content()
        [delivery] = await deliveries(settings)
        assert delivery.status is DeliveryStatus.SENT and delivery.attempts == 1

    async def test_sms_goes_through_the_provider_in_the_chosen_language(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings, sms: Sms, twilio: Twilio
    ) -> None:
        chosen = await client.put(
            PREFERENCES,
            json={"email": False, "sms": True, "phone": "+20 100 123 4567", "language": "fr"},
            headers=seeker.headers,
        )
        assert chosen.status_code == 200 and chosen.json()["phone"] == "+201001234567"
        await notify(settings, await account_id(client, seeker))
        await send_due(settings, sms)
        [received] = twilio.received
        assert received["sid"] == SID and received["credentials"] == f"{SID}:{AUTH_TOKEN}"
        assert received["To"] == "+201001234567" and received["From"] == SENDER
        assert received["Body"].startswith("Votre candidature : présélectionnée")
        [delivery] = await deliveries(settings)
        assert delivery.channel == "sms" and delivery.status is DeliveryStatus.SENT

    async def test_a_failing_provider_is_retried_later_then_given_up_where_admins_see_it(
        self,
        client: httpx.AsyncClient,
        seeker: Tokens,
        admin: Tokens,
        settings: GatewaySettings,
        sms: Sms,
        twilio: Twilio,
    ) -> None:
        settings.notification_max_attempts = 2
        twilio.failing = True
        await client.put(
            PREFERENCES, json={"email": False, "sms": True, "phone": "+201001234567"}, headers=seeker.headers
        )
        await notify(settings, await account_id(client, seeker))
        await send_due(settings, sms)
        [first] = await deliveries(settings)
        assert first.status is DeliveryStatus.PENDING and first.attempts == 1
        assert first.last_error == "SMS provider answered 500"
        assert first.next_attempt_at > datetime.now(UTC) + timedelta(seconds=50)  # retry after 60 s
        await send_due(settings, sms)
        assert len(twilio.received) == 1  # not yet due
        await make_due(settings)
        await send_due(settings, sms)
        [last] = await deliveries(settings)
        assert last.status is DeliveryStatus.FAILED and last.attempts == 2 and len(twilio.received) == 2
        failed = (await client.get(DELIVERIES, params={"status": "failed"}, headers=admin.headers)).json()
        assert [(d["channel"], d["attempts"], d["kind"]) for d in failed["items"]] == [
            ("sms", 2, "application_status_changed")
        ]
        assert "+201001234567" not in str(failed)
        assert (await client.get(DELIVERIES, headers=seeker.headers)).status_code == 403

    async def test_quiet_hours_hold_the_delivery_until_they_end(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings, sms: Sms
    ) -> None:
        cairo = datetime.now(UTC).astimezone(ZoneInfo("Africa/Cairo"))
        start, end = cairo - timedelta(hours=1), cairo + timedelta(hours=2)
        quiet = {"quiet_from": start.strftime("%H:%M"), "quiet_until": end.strftime("%H:%M")}
        body = {"email": True, "sms": False, "timezone": "Africa/Cairo", **quiet}
        assert (await client.put(PREFERENCES, json=body, headers=seeker.headers)).status_code == 200
        await notify(settings, await account_id(client, seeker))
        await send_due(settings, sms)
        [held] = await deliveries(settings)
        assert held.status is DeliveryStatus.PENDING and held.attempts == 0
        wanted = end.replace(second=0, microsecond=0)
        assert abs(held.next_attempt_at - wanted) < timedelta(seconds=1)
        assert (await client.get(INBOX, headers=seeker.headers)).json()[
            "total"
        ] == 1  # the inbox does not wait

    async def test_a_channel_turned_off_before_sending_sends_nothing(
        self,
        client: httpx.AsyncClient,
        seeker: Tokens,
        settings: GatewaySettings,
        shared_smtp: tuple[Mailbox, int],
        sms: Sms,
    ) -> None:
        before = len(mails_to(shared_smtp[0], "seeker@example.org"))
        await notify(settings, await account_id(client, seeker))
        await client.put(PREFERENCES, json={"email": False, "sms": False}, headers=seeker.headers)
        await send_due(settings, sms)
        [delivery] = await deliveries(settings)
        assert delivery.status is DeliveryStatus.CANCELLED
        assert len(mails_to(shared_smtp[0], "seeker@example.org")) == before


class TestPreferences:
    async def test_the_defaults_before_any_choice(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.get(PREFERENCES, headers=seeker.headers)
        assert response.json() == {
            "email": True,
            "sms": False,
            "phone": None,
            "language": None,
            "quiet_from": None,
            "quiet_until": None,
            "timezone": "UTC",
        }

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"email": True, "sms": False, "timezone": "Mars/Olympus"}, "timezone"),
            ({"email": True, "sms": False, "quiet_from": "25:00"}, "quiet_from"),
            ({"email": True, "sms": True, "phone": "not a number"}, "phone"),
            ({"email": True, "sms": False, "language": "de"}, "language"),
            ({"email": True, "sms": False, "pigeon": True}, "pigeon"),
            ({"sms": False}, "email"),
        ],
    )
    async def test_bad_input_names_the_field_and_changes_nothing(
        self, client: httpx.AsyncClient, seeker: Tokens, body: dict[str, Any], field: str
    ) -> None:
        response = await client.put(PREFERENCES, json=body, headers=seeker.headers)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}
        assert (await client.get(PREFERENCES, headers=seeker.headers)).json()["timezone"] == "UTC"


# Each kind with the values its service sends: a new kind without an example here fails the first test.
EXAMPLES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # kind: (params, a value that must show in each language)
    "application_status_changed": (STATUS, STATUSES["shortlisted"]),
    "invitation_received": (STATUS, dict.fromkeys(LANGUAGES, "Staff nurse, Rotterdam")),
    "welfare_case_updated": ({"case_id": "c1", "status": "referred"}, CASE_STATUSES["referred"]),
    "vacancy_alert": (
        {"search_id": "s1", "vacancy_id": "v1", "vacancy": "Staff nurse, Rotterdam"},
        dict.fromkeys(LANGUAGES, "Staff nurse, Rotterdam"),
    ),
    "vacancy_digest": ({"search_id": "s1", "count": "7"}, dict.fromkeys(LANGUAGES, "7")),
    "email_changed": ({}, dict.fromkeys(LANGUAGES, "IMIS")),
    "orientation_reminder": (
        {
            "session_id": "s1",
            "course": "Living in Italy",
            "starts_at": "2027-01-04 09:00 UTC",
            "place": "Cairo",
        },
        dict.fromkeys(LANGUAGES, "2027-01-04 09:00 UTC"),
    ),
    "documents_needed": (
        {"application_id": "a1", "vacancy_id": "v1", "vacancy": "Nurse", "needed": "orientation_required"},
        NEEDS["orientation_required"],
    ),
    "project_updated": (
        {"project_id": "x1", "project": "Clean water for Minya", "status": "funded"},
        PROJECT_STATUSES["funded"],
    ),
    "pledge_confirmed": (
        {"pledge_id": "p1", "project_id": "x1", "project": "Clean water for Minya"},
        dict.fromkeys(LANGUAGES, "Clean water for Minya"),
    ),
}


class TestTemplates:
    def test_every_kind_has_an_example(self) -> None:
        assert sorted(EXAMPLES) == sorted(KINDS)

    @pytest.mark.parametrize("kind", KINDS)
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_kind_reads_in_every_language_with_its_values(self, kind: str, language: str) -> None:
        params, shown = EXAMPLES[kind]
        words = render(kind, language, params)
        assert shown[language] in words.title + words.body
        assert "{" not in words.title + words.body and words.title != words.body

    def test_another_language_reads_english(self) -> None:
        assert render("invitation_received", "de", STATUS).title == "An employer invites you to apply"

    def test_every_status_has_its_four_words(self) -> None:
        for table in (STATUSES, CASE_STATUSES, PROJECT_STATUSES, NEEDS):
            assert all(set(words) == set(LANGUAGES) for words in table.values())


def test_without_a_provider_development_logs_the_text_not_the_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import asyncio

    caplog.set_level("INFO", logger="imis.notifications")
    asyncio.run(LoggedSms().send("+201001234567", "Votre candidature"))
    assert "Votre candidature" in caplog.text and "+201001234567" not in caplog.text
