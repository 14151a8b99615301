"""Email verification: a single-use, expiring link sent over real SMTP; verified emails in tokens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import httpx
import jwt
import pytest
from gateway_helpers import PASSWORD, Tokens, login, register
from gateway_mail import SMTP_USERNAME, Mailbox, smtp_server, smtp_settings
from sqlalchemy import RowMapping, update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.sql import Executable

from imis_gateway.accounts.service import create_account
from imis_gateway.config import GatewaySettings
from imis_gateway.credentials import Passwords
from imis_gateway.main import create_app
from imis_gateway.verification.models import EmailVerificationToken
from imis_shared.auth import principal_from_claims
from imis_shared.db import create_engine, utcnow
from imis_shared.settings import Environment
from imis_testing import app_client, free_port

REQUEST = "/api/v1/auth/me/email-verification"
CONFIRM = "/api/v1/auth/email-verification/confirm"
EMAIL = "hoda@example.org"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def mailbox(smtp: tuple[Mailbox, int]) -> Mailbox:
    return smtp[0]


@pytest.fixture
def settings(settings: GatewaySettings, smtp: tuple[Mailbox, int]) -> GatewaySettings:
    return settings.model_copy(
        update={
            **smtp_settings(smtp[1]),
            "smtp_from": "IMIS <no-reply@imis.test>",
            "email_verification_url": "https://portal.example/verify-email?token={token}",
            "email_verifications_per_account": 2,
        }
    )


async def unverified_account(database_url: str, email: str) -> None:
    """An active account whose email is not verified, as one made before registering was confirmed
    by mail (a staff account with an initial password is one too): made directly, mailing nothing."""
    engine = create_engine(database_url)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            await create_account(
                session,
                Passwords(time_cost=1, memory_cost_kib=64),
                email=email,
                password=PASSWORD,
                full_name="Hoda",
                roles=["diaspora_member"],
            )
    finally:
        await engine.dispose()


@pytest.fixture
async def member(client: httpx.AsyncClient, database_url: str) -> Tokens:
    await unverified_account(database_url, EMAIL)
    return await login(client, EMAIL)


async def run_sql(database_url: str, statement: Executable) -> list[RowMapping]:
    """Run one statement on the test database, outside the app (committed); its rows, if any."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(statement)
            return list(result.mappings()) if result.returns_rows else []
    finally:
        await engine.dispose()


def claims(token: str) -> dict[str, object]:
    decoded: dict[str, object] = jwt.decode(token, options={"verify_signature": False})
    return decoded


async def verify(client: httpx.AsyncClient, tokens: Tokens, mailbox: Mailbox) -> httpx.Response:
    assert (await client.post(REQUEST, headers=tokens.headers)).status_code == 202
    return await client.post(CONFIRM, json={"token": mailbox.token()})


class TestRequestVerification:
    async def test_the_acceptance_has_no_body(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        """As the document says: 202 and nothing to parse."""
        response = await client.post(REQUEST, headers=member.headers)
        assert response.status_code == 202
        assert response.content == b"" and "content-type" not in response.headers

    async def test_mails_a_portal_link_through_the_smtp_server(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        response = await client.post(REQUEST, headers=member.headers)
        assert response.status_code == 202
        assert len(mailbox.messages) == 1 and mailbox.recipients == [[EMAIL]]
        assert mailbox.logins == [SMTP_USERNAME]  # the configured credentials were used
        message = mailbox.messages[0]
        assert message["To"] == EMAIL and message["From"] == "IMIS <no-reply@imis.test>"
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        assert f"https://portal.example/verify-email?token={mailbox.token()}" in body.get_content()

    async def test_the_token_is_stored_hashed(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox, database_url: str
    ) -> None:
        await client.post(REQUEST, headers=member.headers)
        stored = await run_sql(database_url, EmailVerificationToken.__table__.select())
        assert len(stored) == 1
        assert stored[0]["token_hash"] != mailbox.token() and len(stored[0]["token_hash"]) == 64

    async def test_anonymous_callers_are_refused(self, client: httpx.AsyncClient, mailbox: Mailbox) -> None:
        assert (await client.post(REQUEST)).status_code == 401
        assert mailbox.messages == []

    async def test_a_verified_email_is_not_verified_again(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert (await verify(client, member, mailbox)).status_code == 200
        response = await client.post(REQUEST, headers=member.headers)
        assert response.status_code == 409
        assert len(mailbox.messages) == 1

    async def test_requests_are_limited_per_account(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox, database_url: str
    ) -> None:
        statuses = [(await client.post(REQUEST, headers=member.headers)).status_code for _ in range(3)]
        assert statuses == [202, 202, 429]
        assert len(mailbox.messages) == 2
        await unverified_account(database_url, "other@example.org")
        other = await login(client, "other@example.org")
        assert (await client.post(REQUEST, headers=other.headers)).status_code == 202

    async def test_an_unreachable_smtp_server_is_a_503_and_keeps_no_token(
        self, settings: GatewaySettings, database_url: str, member: Tokens
    ) -> None:
        settings = settings.model_copy(update={"smtp_port": free_port()})
        async with app_client(create_app(settings)) as client:
            response = await client.post(REQUEST, headers=member.headers)
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert await run_sql(database_url, EmailVerificationToken.__table__.select()) == []


class TestWithoutSmtp:
    @pytest.fixture
    def settings(self, settings: GatewaySettings) -> GatewaySettings:
        return settings.model_copy(update={"smtp_host": None})

    async def test_outside_development_the_request_is_a_clear_503(
        self, client: httpx.AsyncClient, member: Tokens
    ) -> None:
        response = await client.post(REQUEST, headers=member.headers)
        assert response.status_code == 503
        assert "no SMTP server is configured" in response.json()["detail"]

    async def test_in_development_the_message_is_logged(
        self, settings: GatewaySettings, caplog: pytest.LogCaptureFixture, member: Tokens
    ) -> None:
        # ``client`` only for its clean-up of the tables; this test needs an app of its own.
        settings = settings.model_copy(update={"environment": Environment.DEVELOPMENT})
        async with app_client(create_app(settings)) as client:
            tokens = await login(client, EMAIL)
            with caplog.at_level(logging.INFO, logger="imis.gateway.mail"):
                response = await client.post(REQUEST, headers=tokens.headers)
            assert response.status_code == 202
            logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "imis.gateway.mail")
            token = logged.split("verify-email?token=")[1].split()[0]
            assert (await client.post(CONFIRM, json={"token": token})).status_code == 200


class TestConfirm:
    async def test_the_token_verifies_the_email_once(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        response = await verify(client, member, mailbox)
        assert response.status_code == 200
        assert response.json()["email"] == EMAIL and response.json()["email_verified_at"] is not None
        me = await client.get("/api/v1/auth/me", headers=member.headers)
        assert me.json()["email_verified_at"] == response.json()["email_verified_at"]
        again = await client.post(CONFIRM, json={"token": mailbox.token()})
        assert again.status_code == 422
        assert again.json()["errors"][0]["field"] == "token"

    async def test_an_unknown_token_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.post(CONFIRM, json={"token": "not-a-token"})
        assert response.status_code == 422

    async def test_an_expired_token_is_refused(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox, database_url: str
    ) -> None:
        await client.post(REQUEST, headers=member.headers)
        await run_sql(
            database_url, update(EmailVerificationToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
        assert (await client.post(CONFIRM, json={"token": mailbox.token()})).status_code == 422
        me = await client.get("/api/v1/auth/me", headers=member.headers)
        assert me.json()["email_verified_at"] is None


CHANGE = "/api/v1/auth/me/email-change"
NEW = "hoda.new@example.org"


class TestEmailChange:
    """An email changes when the new address confirms it, and asking tells nothing about it."""

    async def test_the_new_address_confirms_the_change(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert (await verify(client, member, mailbox)).status_code == 200
        asked = await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        assert asked.status_code == 202 and asked.content == b""
        me = (await client.get("/api/v1/auth/me", headers=member.headers)).json()
        assert (me["email"], me["pending_email"]) == (EMAIL, NEW)
        assert me["email_verified_at"] is not None  # the old address still is the account's, verified
        assert mailbox.recipients[-1] == [NEW]
        confirmed = await client.post(CONFIRM, json={"token": mailbox.token()})
        assert confirmed.status_code == 200, confirmed.text
        body = confirmed.json()
        assert (body["email"], body["pending_email"]) == (NEW, None) and body["email_verified_at"]
        tokens = await login(client, NEW)
        assert claims(tokens.access)["email"] == NEW and claims(tokens.access)["email_verified"] is True
        old = await client.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": EMAIL, "password": PASSWORD}
        )
        assert old.status_code == 400

    async def test_the_answer_is_the_same_for_an_address_in_use(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        await register(client, "taken@example.org")
        free = await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        free_me = (await client.get("/api/v1/auth/me", headers=member.headers)).json()
        taken = await client.post(CHANGE, json={"email": "taken@example.org"}, headers=member.headers)
        taken_me = (await client.get("/api/v1/auth/me", headers=member.headers)).json()
        assert (free.status_code, free.headers.get("content-length"), free.content) == (
            taken.status_code,
            taken.headers.get("content-length"),
            taken.content,
        )
        assert taken_me == {**free_me, "pending_email": "taken@example.org"}
        # The owner of the address is told; no link, and nothing changes.
        assert mailbox.recipients[-1] == ["taken@example.org"]
        notice = mailbox.messages[-1].get_body(preferencelist=("plain",))
        assert notice is not None and "http" not in notice.get_content()
        assert taken_me["email"] == EMAIL

    async def test_only_the_newest_request_counts(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        await client.post(CHANGE, json={"email": "first@example.org"}, headers=member.headers)
        first = mailbox.token()
        await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        assert (await client.post(CONFIRM, json={"token": first})).status_code == 422
        assert (await client.post(CONFIRM, json={"token": mailbox.token()})).json()["email"] == NEW

    async def test_a_link_sent_to_the_old_address_verifies_nothing_once_it_changed(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert (await client.post(REQUEST, headers=member.headers)).status_code == 202
        old_link = mailbox.token()
        await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        assert (await client.post(CONFIRM, json={"token": mailbox.token()})).status_code == 200
        assert (await client.post(CONFIRM, json={"token": old_link})).status_code == 422

    async def test_an_address_taken_before_the_confirmation_is_a_conflict(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        link = mailbox.token()
        await register(client, NEW)
        refused = await client.post(CONFIRM, json={"token": link})
        assert refused.status_code == 409
        assert (await client.get("/api/v1/auth/me", headers=member.headers)).json()["email"] == EMAIL

    async def test_bad_requests_name_the_field(self, client: httpx.AsyncClient, member: Tokens) -> None:
        await client.post(CHANGE, json={"email": NEW}, headers=member.headers)
        back = await client.post(CHANGE, json={"email": EMAIL}, headers=member.headers)  # changed one's mind
        assert back.status_code == 202
        me = (await client.get("/api/v1/auth/me", headers=member.headers)).json()
        assert (me["email"], me["pending_email"]) == (EMAIL, None)
        for body in ({"email": "not-an-email"}, {}):
            response = await client.post(CHANGE, json=body, headers=member.headers)
            assert response.status_code == 422 and response.json()["errors"][0]["field"] == "email", body
        # The account change no longer takes an email: it is changed here, by confirmation.
        patched = await client.patch("/api/v1/auth/me", json={"email": NEW}, headers=member.headers)
        assert patched.status_code == 422 and patched.json()["errors"][0]["field"] == "email"
        assert (await client.post(CHANGE, json={"email": NEW})).status_code == 401


class TestEmailClaims:
    async def test_tokens_carry_the_email_only_once_it_is_verified(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert "email" not in claims(member.access) and "email_verified" not in claims(member.access)
        await verify(client, member, mailbox)
        refreshed = await client.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": member.refresh}
        )
        access = refreshed.json()["access_token"]
        assert claims(access)["email"] == EMAIL and claims(access)["email_verified"] is True
        principal = principal_from_claims(claims(access))
        assert principal.email == EMAIL and principal.email_verified is True
        fresh = await login(client, EMAIL)
        assert claims(fresh.access)["email_verified"] is True
