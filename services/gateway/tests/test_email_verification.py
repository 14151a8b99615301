"""Email verification: a single-use, expiring link sent over real SMTP; verified emails in tokens."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import httpx
import jwt
import pytest
from gateway_helpers import Tokens, login, register
from gateway_mail import SMTP_USERNAME, Mailbox, smtp_server, smtp_settings
from sqlalchemy import RowMapping, update
from sqlalchemy.sql import Executable

from imis_gateway.config import GatewaySettings
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


@pytest.fixture
async def member(client: httpx.AsyncClient) -> Tokens:
    await register(client, EMAIL, ["diaspora_member"])
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
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        statuses = [(await client.post(REQUEST, headers=member.headers)).status_code for _ in range(3)]
        assert statuses == [202, 202, 429]
        assert len(mailbox.messages) == 2
        await register(client, "other@example.org", ["diaspora_member"])
        other = await login(client, "other@example.org")
        assert (await client.post(REQUEST, headers=other.headers)).status_code == 202

    async def test_an_unreachable_smtp_server_is_a_503_and_keeps_no_token(
        self, settings: GatewaySettings, database_url: str, client: httpx.AsyncClient
    ) -> None:
        # ``client`` only for its clean-up of the tables; this test needs an app of its own.
        settings = settings.model_copy(update={"smtp_port": free_port()})
        async with app_client(create_app(settings)) as client:
            await register(client, EMAIL, ["diaspora_member"])
            tokens = await login(client, EMAIL)
            response = await client.post(REQUEST, headers=tokens.headers)
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
        self, settings: GatewaySettings, caplog: pytest.LogCaptureFixture, client: httpx.AsyncClient
    ) -> None:
        # ``client`` only for its clean-up of the tables; this test needs an app of its own.
        settings = settings.model_copy(update={"environment": Environment.DEVELOPMENT})
        async with app_client(create_app(settings)) as client:
            await register(client, EMAIL, ["diaspora_member"])
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

    async def test_changing_the_email_clears_the_verification(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert (await verify(client, member, mailbox)).status_code == 200
        changed = await client.patch(
            "/api/v1/auth/me", json={"email": "hoda.new@example.org"}, headers=member.headers
        )
        assert changed.status_code == 200
        assert changed.json()["email"] == "hoda.new@example.org"
        assert changed.json()["email_verified_at"] is None
        assert (await client.post(REQUEST, headers=member.headers)).status_code == 202
        assert mailbox.recipients[-1] == ["hoda.new@example.org"]

    async def test_a_link_sent_to_the_old_email_verifies_nothing(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        assert (await client.post(REQUEST, headers=member.headers)).status_code == 202
        await client.patch("/api/v1/auth/me", json={"email": "hoda.new@example.org"}, headers=member.headers)
        assert (await client.post(CONFIRM, json={"token": mailbox.token()})).status_code == 422
        me = await client.get("/api/v1/auth/me", headers=member.headers)
        assert me.json()["email_verified_at"] is None

    async def test_an_email_taken_by_another_account_is_a_conflict(
        self, client: httpx.AsyncClient, member: Tokens
    ) -> None:
        await register(client, "taken@example.org")
        response = await client.patch(
            "/api/v1/auth/me", json={"email": "Taken@Example.org"}, headers=member.headers
        )
        assert response.status_code == 409
        assert (await client.get("/api/v1/auth/me", headers=member.headers)).json()["email"] == EMAIL


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

    async def test_a_changed_email_leaves_the_tokens(
        self, client: httpx.AsyncClient, member: Tokens, mailbox: Mailbox
    ) -> None:
        await verify(client, member, mailbox)
        await client.patch("/api/v1/auth/me", json={"email": "hoda.new@example.org"}, headers=member.headers)
        tokens = await login(client, "hoda.new@example.org")
        assert "email" not in claims(tokens.access) and "email_verified" not in claims(tokens.access)
