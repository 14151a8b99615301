"""Admins create staff accounts: staff roles only, a set-password link or a password to change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import httpx
import jwt
import pytest
from gateway_helpers import PASSWORD, Tokens, login, register
from gateway_mail import Mailbox, smtp_server, smtp_settings
from gateway_upstream import SEEN
from sqlalchemy import update
from test_email_verification import run_sql

from imis_gateway.config import GatewaySettings
from imis_gateway.verification.models import EmailVerificationToken
from imis_shared.db import utcnow

USERS = "/api/v1/admin/users"
CONFIRM = "/api/v1/auth/password-setup/confirm"
ME = "/api/v1/auth/me"
EMAIL = "nadia.officer@ministry.example"
GIVEN = "handed-over-passphrase-31"
CHOSEN = "my-own-passphrase-2026"
LINK = re.compile(r"https://portal\.example/set-password\?token=([A-Za-z0-9_\-]+)")


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
            "password_setup_url": "https://portal.example/set-password?token={token}",
        }
    )


def link_token(mailbox: Mailbox, index: int = -1) -> str:
    body = mailbox.messages[index].get_body(preferencelist=("plain",))
    assert body is not None
    found = LINK.search(body.get_content())
    assert found, "no set-password link in the message"
    return found.group(1)


def claims(tokens: Tokens) -> dict[str, object]:
    decoded: dict[str, object] = jwt.decode(tokens.access, options={"verify_signature": False})
    return decoded


async def create(
    client: httpx.AsyncClient, admin: Tokens, roles: list[str], **fields: object
) -> httpx.Response:
    body = {"email": EMAIL, "full_name": "Nadia Officer", "roles": roles, **fields}
    return await client.post(USERS, json=body, headers=admin.headers)


async def staff_member(client: httpx.AsyncClient, admin: Tokens, email: str, role: str) -> Tokens:
    """An officer or editor the old way (registered, then granted the role), signed in."""
    user = await register(client, email, ["job_seeker"])
    granted = await client.post(f"{USERS}/{user['id']}/roles", json={"role": role}, headers=admin.headers)
    assert granted.status_code == 200
    return await login(client, email)


class TestWhoMayCreate:
    async def test_an_admin_creates_a_staff_account(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        response = await create(client, admin, ["officer"])
        assert response.status_code == 201, response.text
        assert response.json()["email"] == EMAIL and response.json()["roles"] == ["officer"]

    async def test_officers_editors_and_citizens_are_refused(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens, mailbox: Mailbox
    ) -> None:
        officer = await staff_member(client, admin, "officer@ministry.example", "officer")
        editor = await staff_member(client, admin, "editor@ministry.example", "editor")
        for caller in (officer, editor, seeker):
            response = await create(client, caller, ["officer"])
            assert response.status_code == 403
            assert response.json()["type"] == "urn:imis:problem:forbidden"
        assert (await client.post(USERS, json={"email": EMAIL})).status_code == 401
        listed = await client.get(USERS, params={"q": "nadia"}, headers=admin.headers)
        assert listed.json()["total"] == 0 and [EMAIL] not in mailbox.recipients


class TestTheCreatedAccount:
    async def test_holds_the_staff_roles_and_no_citizen_role(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        response = await create(client, admin, ["officer", "editor", "officer"], initial_password=GIVEN)
        assert response.json()["roles"] == ["editor", "officer"]
        signed_in = await login(client, EMAIL, GIVEN)
        assert claims(signed_in)["roles"] == ["editor", "officer"]

    async def test_a_citizen_role_is_refused_on_roles(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        for roles in (["officer", "job_seeker"], ["employer"], []):
            response = await create(client, admin, roles)
            assert response.status_code == 422, roles
            assert response.json()["errors"][0]["field"].startswith("roles")

    async def test_a_taken_email_is_a_409_problem(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        await register(client, EMAIL, ["job_seeker"])
        mailed = len(mailbox.messages)  # the activation link
        response = await create(client, admin, ["officer"])
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["field"] == "email" and len(mailbox.messages) == mailed

    async def test_a_weak_initial_password_is_refused_on_its_field(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        response = await create(client, admin, ["officer"], initial_password="password1")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "initial_password"


class TestInitialPasswordMustBeChanged:
    @pytest.fixture
    async def pending(self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox) -> Tokens:
        response = await create(client, admin, ["admin"], initial_password=GIVEN)
        assert response.status_code == 201 and response.json()["password_change_required"] is True
        assert mailbox.messages == []  # the admin hands the password over themselves
        return await login(client, EMAIL, GIVEN)

    async def test_until_changed_the_token_reads_me_and_nothing_else(
        self, client: httpx.AsyncClient, pending: Tokens
    ) -> None:
        assert claims(pending)["password_change_required"] is True
        me = await client.get(ME, headers=pending.headers)
        assert me.status_code == 200 and me.json()["password_change_required"] is True
        before = len(SEEN)
        refused = [
            await client.get(USERS, headers=pending.headers),
            await client.patch(ME, json={"full_name": "N"}, headers=pending.headers),
            await client.post(f"{ME}/email-verification", headers=pending.headers),
            await client.get("/api/v1/jobs/echo/x", headers=pending.headers),
            await client.get("/api/v1/info/echo/x", headers=pending.headers),
        ]
        for response in refused:
            assert response.status_code == 403, response.request.url
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["type"] == "urn:imis:problem:password-change-required"
        assert len(SEEN) == before  # no service saw the token

    async def test_a_refreshed_token_is_restricted_too(
        self, client: httpx.AsyncClient, pending: Tokens
    ) -> None:
        assert pending.refresh is not None
        refreshed = await client.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": pending.refresh}
        )
        assert refreshed.status_code == 200
        token = Tokens(refreshed.json()["access_token"], None)
        assert (await client.get(USERS, headers=token.headers)).status_code == 403

    async def test_keeping_the_given_password_is_refused(
        self, client: httpx.AsyncClient, pending: Tokens
    ) -> None:
        response = await client.post(
            f"{ME}/password", json={"current_password": GIVEN, "new_password": GIVEN}, headers=pending.headers
        )
        assert response.status_code == 422
        assert response.json()["errors"][0] == {
            "field": "new_password",
            "location": "body",
            "message": "Choose a password other than the current one.",
            "type": "same_password",
        }

    async def test_once_changed_a_new_sign_in_works_everywhere(
        self, client: httpx.AsyncClient, pending: Tokens
    ) -> None:
        changed = await client.post(
            f"{ME}/password",
            json={"current_password": GIVEN, "new_password": CHOSEN},
            headers=pending.headers,
        )
        assert changed.status_code == 204
        fresh = await login(client, EMAIL, CHOSEN)
        assert "password_change_required" not in claims(fresh)
        assert (await client.get(USERS, headers=fresh.headers)).status_code == 200
        assert (await client.get("/api/v1/jobs/echo/x", headers=fresh.headers)).status_code == 200
        assert (await client.get(ME, headers=fresh.headers)).json()["password_change_required"] is False
        old = await client.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": EMAIL, "password": GIVEN}
        )
        assert old.status_code == 400


class TestSetPasswordLink:
    @pytest.fixture
    async def created(self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox) -> dict[str, object]:
        response = await create(client, admin, ["editor"], preferred_language="ar")
        assert response.status_code == 201
        body: dict[str, object] = response.json()
        return body

    async def test_mails_a_link_and_the_account_cannot_sign_in_before(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox
    ) -> None:
        assert created["password_change_required"] is False and created["email_verified_at"] is None
        assert mailbox.recipients == [[EMAIL]]
        assert link_token(mailbox)
        for password in (PASSWORD, GIVEN, ""):
            response = await client.post(
                "/api/v1/auth/token", data={"grant_type": "password", "username": EMAIL, "password": password}
            )
            assert response.status_code == 400

    async def test_the_link_sets_the_password_and_verifies_the_email(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox
    ) -> None:
        response = await client.post(CONFIRM, json={"token": link_token(mailbox), "new_password": CHOSEN})
        assert response.status_code == 200, response.text
        assert response.json()["id"] == created["id"] and response.json()["email_verified_at"] is not None
        signed_in = await login(client, EMAIL, CHOSEN)
        assert claims(signed_in)["email_verified"] is True and claims(signed_in)["roles"] == ["editor"]
        assert (await client.get("/api/v1/info/echo/x", headers=signed_in.headers)).status_code == 200

    async def test_the_link_works_once(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox
    ) -> None:
        token = link_token(mailbox)
        assert (await client.post(CONFIRM, json={"token": token, "new_password": CHOSEN})).status_code == 200
        again = await client.post(CONFIRM, json={"token": token, "new_password": "someone-elses-pass-99"})
        assert again.status_code == 422 and again.json()["errors"][0]["field"] == "token"
        await login(client, EMAIL, CHOSEN)

    async def test_an_expired_link_is_refused(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox, database_url: str
    ) -> None:
        past = utcnow() - timedelta(seconds=1)
        await run_sql(database_url, update(EmailVerificationToken).values(expires_at=past))
        response = await client.post(CONFIRM, json={"token": link_token(mailbox), "new_password": CHOSEN})
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "token"

    async def test_the_link_expires_after_the_configured_time(
        self,
        client: httpx.AsyncClient,
        created: dict[str, object],
        database_url: str,
        settings: GatewaySettings,
    ) -> None:
        (stored,) = await run_sql(database_url, EmailVerificationToken.__table__.select())
        lifetime = stored["expires_at"] - stored["issued_at"]
        assert abs(lifetime.total_seconds() - settings.password_setup_ttl_seconds) < 5
        assert stored["purpose"] == "set_password"

    async def test_a_weak_password_is_refused_and_the_link_still_works(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox
    ) -> None:
        token = link_token(mailbox)
        weak = await client.post(CONFIRM, json={"token": token, "new_password": "password1"})
        assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "new_password"
        assert (await client.post(CONFIRM, json={"token": token, "new_password": CHOSEN})).status_code == 200

    async def test_links_are_good_for_their_own_purpose_only(
        self, client: httpx.AsyncClient, created: dict[str, object], mailbox: Mailbox
    ) -> None:
        token = link_token(mailbox)
        verify = await client.post("/api/v1/auth/email-verification/confirm", json={"token": token})
        assert verify.status_code == 422
        await client.post(CONFIRM, json={"token": token, "new_password": CHOSEN})
        signed_in = await login(client, EMAIL, CHOSEN)
        # The account is verified now; the activation link of another account is no set-password link.
        citizen = {"email": "citizen@example.org", "password": PASSWORD, "full_name": "C"}
        registered = await client.post("/api/v1/auth/register", json={**citizen, "roles": ["job_seeker"]})
        assert registered.status_code == 202
        verification_token = mailbox.token()
        refused = await client.post(CONFIRM, json={"token": verification_token, "new_password": CHOSEN})
        assert refused.status_code == 422 and created["id"] and signed_in


class TestWithoutMail:
    @pytest.fixture
    def settings(self, settings: GatewaySettings) -> GatewaySettings:
        return settings.model_copy(update={"smtp_host": None})  # and not development

    async def test_a_link_cannot_go_so_nothing_is_created(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        response = await create(client, admin, ["officer"])
        assert response.status_code == 503
        assert (await client.get(USERS, params={"q": "nadia"}, headers=admin.headers)).json()["total"] == 0

    async def test_an_initial_password_needs_no_mail(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        assert (await create(client, admin, ["officer"], initial_password=GIVEN)).status_code == 201


class TestAudit:
    async def test_records_who_created_whom_with_which_roles_and_no_secret(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox
    ) -> None:
        admin_id = (await client.get(ME, headers=admin.headers)).json()["id"]
        created = (await create(client, admin, ["officer", "admin"])).json()
        token = link_token(mailbox)
        await client.post(CONFIRM, json={"token": token, "new_password": CHOSEN})
        events = (await client.get("/api/v1/admin/audit-events", headers=admin.headers)).json()["items"]
        (made,) = [event for event in events if event["event"] == "account.staff_created"]
        assert made["actor_id"] == admin_id and made["subject_id"] == created["id"]
        assert made["details"] == {"roles": ["admin", "officer"], "password": "set_password_link"}
        names = [event["event"] for event in events if event["subject_id"] == created["id"]]
        assert {"account.staff_created", "account.password_set", "email.verified"} <= set(names)
        assert token not in str(events) and CHOSEN not in str(events)

    async def test_an_initial_password_is_never_recorded(
        self, client: httpx.AsyncClient, admin: Tokens, mailbox: Mailbox, caplog: pytest.LogCaptureFixture
    ) -> None:
        await create(client, admin, ["officer"], initial_password=GIVEN)
        events = (await client.get("/api/v1/admin/audit-events", headers=admin.headers)).json()["items"]
        (made,) = [event for event in events if event["event"] == "account.staff_created"]
        assert made["details"]["password"] == "initial_password_to_change"
        assert GIVEN not in str(events) and GIVEN not in caplog.text
