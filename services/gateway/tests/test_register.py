"""POST /api/v1/auth/register: self-registration with self-service roles only, activated by the link
mailed to the address, and an answer that does not tell whether the address has an account."""

from __future__ import annotations

import httpx
from gateway_helpers import PASSWORD, Tokens, login, register
from gateway_mail import Mailbox, link_token


async def user_count(client: httpx.AsyncClient, admin: Tokens) -> int:
    response = await client.get("/api/v1/admin/users", headers=admin.headers)
    assert response.status_code == 200
    total: int = response.json()["total"]
    return total


async def attempt(client: httpx.AsyncClient, **fields: object) -> httpx.Response:
    """POST a registration: a valid job seeker's body with ``fields`` changed or added."""
    body = {
        "email": "someone@example.org",
        "password": PASSWORD,
        "full_name": "Test User",
        "roles": ["job_seeker"],
    }
    return await client.post("/api/v1/auth/register", json={**body, **fields})


class TestRegister:
    async def test_registers_with_self_service_roles_and_normalised_email(
        self, client: httpx.AsyncClient
    ) -> None:
        body = await register(client, "Amina.Hassan@Example.ORG", ["job_seeker", "diaspora_member"])
        assert body["email"] == "amina.hassan@example.org"
        # The document's `format: email` admits no white space around the address, nor does the server.
        padded = await attempt(client, email=" amina.hassan@example.org ")
        assert padded.status_code == 422 and padded.json()["errors"][0]["field"] == "email"
        assert body["roles"] == ["diaspora_member", "job_seeker"]
        assert body["status"] == "active" and body["password_change_required"] is False
        assert "hash" not in str(body)
        assert {key for key in body if "password" in key} == {"password_change_required"}

    async def test_refuses_privileged_roles(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        for role in ("admin", "officer", "editor"):
            response = await attempt(client, email=f"{role}@example.org", roles=[role])
            assert response.status_code == 422
            assert response.headers["content-type"] == "application/problem+json"
            assert [e["field"] for e in response.json()["errors"]] == ["roles.0"]  # the refused item
        assert await user_count(client, admin) == 1  # only the bootstrap admin

    async def test_an_address_with_an_account_gets_the_same_answer_and_its_owner_a_notice(
        self, client: httpx.AsyncClient, shared_smtp: tuple[Mailbox, int]
    ) -> None:
        mailbox = shared_smtp[0]
        await register(client, "fatma@example.org")
        new = await attempt(client, email="salwa@example.org", roles=["employer"])
        taken = await attempt(client, email="FATMA@example.org", roles=["employer"])
        assert (new.status_code, new.content, dict(new.headers).keys()) == (
            taken.status_code,
            taken.content,
            dict(taken.headers).keys(),
        )
        assert new.status_code == 202 and new.content == b""
        notice = mailbox.messages[-1].get_body(preferencelist=("plain",))
        assert notice is not None and "already has an account" in notice.get_content()
        assert mailbox.recipients[-1] == ["fatma@example.org"]
        assert mailbox.token_for("fatma@example.org") != mailbox.token_for("salwa@example.org")
        # The account is as it was: its own password still signs in, the one just given does not.
        await login(client, "fatma@example.org")
        wrong = {"grant_type": "password", "username": "fatma@example.org", "password": PASSWORD + "x"}
        assert (await client.post("/api/v1/auth/token", data=wrong)).status_code == 400

    async def test_until_the_link_is_used_the_account_cannot_sign_in(self, client: httpx.AsyncClient) -> None:
        assert (await attempt(client, email="karim@example.org")).status_code == 202
        form = {"grant_type": "password", "username": "karim@example.org", "password": PASSWORD}
        pending = await client.post("/api/v1/auth/token", data=form)
        wrong = await client.post("/api/v1/auth/token", data={**form, "password": PASSWORD + "x"})
        assert pending.status_code == wrong.status_code == 400
        assert pending.json() == wrong.json()  # a pending account is no oracle for the password
        token = link_token("karim@example.org")
        activated = await client.post("/api/v1/auth/email-verification/confirm", json={"token": token})
        assert activated.status_code == 200 and activated.json()["status"] == "active"
        assert (await client.post("/api/v1/auth/token", data=form)).status_code == 200

    async def test_registering_a_pending_address_again_replaces_it(self, client: httpx.AsyncClient) -> None:
        # Whoever holds the mailbox decides: a stranger's registration of someone's address never
        # locks its owner out.
        await attempt(client, email="hala@example.org", password="a-strangers-passphrase-1")
        first = link_token("hala@example.org")
        await attempt(client, email="hala@example.org", roles=["diaspora_member"])
        second = link_token("hala@example.org")
        assert first != second
        activated = await client.post("/api/v1/auth/email-verification/confirm", json={"token": second})
        assert activated.json()["roles"] == ["diaspora_member"]
        await login(client, "hala@example.org")  # the newest registration's password
        stranger = {
            "grant_type": "password",
            "username": "hala@example.org",
            "password": "a-strangers-passphrase-1",
        }
        assert (await client.post("/api/v1/auth/token", data=stranger)).status_code == 400

    async def test_new_account_can_log_in(self, client: httpx.AsyncClient) -> None:
        await register(client, "omar@example.org", ["employer"])
        tokens = await login(client, "omar@example.org")
        me = (await client.get("/api/v1/auth/me", headers=tokens.headers)).json()
        assert me["email"] == "omar@example.org" and me["roles"] == ["employer"]


class TestRegistrationLimit:
    async def test_an_address_can_register_only_so_many_accounts(self, client: httpx.AsyncClient) -> None:
        for index in range(20):
            await register(client, f"bulk{index}@example.org")
        response = await attempt(client, email="bulk20@example.org")
        assert response.status_code == 429
        assert int(response.headers["retry-after"]) > 0


class TestPasswordPolicy:
    async def _attempt(self, client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
        return await attempt(client, email=email, password=password)

    async def test_refuses_a_short_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "p1@example.org", "short-9")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "password"
        assert "at least 10 characters" in response.json()["errors"][0]["message"]

    async def test_refuses_the_email_as_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "longname12@example.org", "LongName12@example.org")
        assert response.status_code == 422
        assert "email" in response.json()["detail"]

    async def test_refuses_a_common_password(self, client: httpx.AsyncClient) -> None:
        response = await self._attempt(client, "p3@example.org", "1234567890")
        assert response.status_code == 422
        assert "common" in response.json()["detail"]


class TestBadInput:
    """Each bad request is a problem+json naming what is wrong, and writes nothing."""

    async def test_malformed_json(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/register",
            content=b'{"email": "x@example.org",',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 400
        assert response.json()["type"] == "urn:imis:problem:malformed-json"
        assert await user_count(client, admin) == 1

    async def test_unknown_field(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="u@example.org", is_admin=True)
        assert response.status_code == 422
        assert [(e["field"], e["type"]) for e in response.json()["errors"]] == [
            ("is_admin", "extra_forbidden")
        ]
        assert await user_count(client, admin) == 1

    async def test_wrong_types(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="not-an-email", full_name=42, roles="job_seeker")
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} == {"email", "full_name", "roles"}
        assert await user_count(client, admin) == 1

    async def test_oversized_body(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await attempt(client, email="big@example.org", full_name="x" * 100_000)
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"
        assert await user_count(client, admin) == 1

    async def test_wrong_content_type(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/register",
            content=b"email=w@example.org&password=whatever-long-1&full_name=W&roles=job_seeker",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 415
        assert response.json()["type"] == "urn:imis:problem:unsupported-media-type"
        assert await user_count(client, admin) == 1

    async def test_bad_language_code(self, client: httpx.AsyncClient) -> None:
        response = await attempt(client, email="l@example.org", preferred_language="xx")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "preferred_language"
