"""Deleting an account: by the person with their password, or by an administrator at their request.
The account and every token stop at once; the request waits for each service's ``account.erased``
and is complete when all have answered."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from gateway_helpers import PASSWORD, Tokens, login, register

from imis_gateway.config import GatewaySettings
from imis_gateway.db import EVENT_TABLES
from imis_gateway.events import EVENT_SETUP
from imis_shared.events import ACCOUNT_ERASED
from imis_testing.events import deliver, event, recorded

ME = "/api/v1/auth/me"
REQUESTS = "/api/v1/admin/deletion-requests"


def deletion_of(user_id: str) -> str:
    return f"/api/v1/admin/users/{user_id}/deletion"


async def delete_me(client: httpx.AsyncClient, tokens: Tokens, password: str = PASSWORD) -> httpx.Response:
    return await client.request("DELETE", ME, json={"password": password}, headers=tokens.headers)


async def announced(settings: GatewaySettings) -> list[dict[str, Any]]:
    """The events waiting in the gateway's outbox, as the relay will publish them."""
    return [json.loads(payload) for _, payload in await recorded(settings.database_url, EVENT_TABLES)]


async def erased(settings: GatewaySettings, request_id: str, service: str) -> None:
    """Deliver ``account.erased`` from ``service`` to the gateway's handler, as its consumer does."""
    answer = event(ACCOUNT_ERASED, {"request_id": request_id, "service": service}, source=service)
    await deliver(settings.database_url, EVENT_SETUP.handlers[0], answer)


class TestOwnDeletion:
    async def test_the_account_and_every_token_stop_at_once(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        account = (await client.get(ME, headers=seeker.headers)).json()
        response = await delete_me(client, seeker)
        assert response.status_code == 202, response.text
        body = response.json()
        assert body["account_id"] == account["id"] and body["requested_by"] == "person"
        assert body["status"] == "in_progress" and body["completed_at"] is None
        assert [(s["service"], s["status"], s["done_at"]) for s in body["services"]] == [
            ("diaspora", "pending", None),
            ("jobs", "pending", None),
        ]
        assert (await client.get(ME, headers=seeker.headers)).status_code == 401
        refreshed = await client.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": seeker.refresh}
        )
        assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
        signin = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": "seeker@example.org", "password": PASSWORD},
        )
        assert signin.status_code == 400 and signin.json()["error"] == "invalid_grant"

    async def test_the_event_names_the_account_by_id_only(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        body = (await delete_me(client, seeker)).json()
        events = await announced(settings)
        assert [(e["type"], e["source"], e["data"]) for e in events] == [
            ("account.deleted", "gateway", {"account_id": body["account_id"], "request_id": body["id"]})
        ]
        assert "seeker@example.org" not in json.dumps(events) and "Test User" not in json.dumps(events)

    async def test_the_address_can_register_again(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        old = (await client.get(ME, headers=seeker.headers)).json()["id"]
        assert (await delete_me(client, seeker)).status_code == 202
        again = await register(client, "seeker@example.org", ["job_seeker"])
        tokens = await login(client, "seeker@example.org")
        assert again["id"] != old
        assert (await client.get(ME, headers=tokens.headers)).json()["id"] == again["id"]

    async def test_a_wrong_password_is_refused_and_deletes_nothing(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        response = await delete_me(client, seeker, "not-my-password")
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "password"
        assert (await client.get(ME, headers=seeker.headers)).status_code == 200
        assert await announced(settings) == []

    @pytest.mark.parametrize(
        ("body", "field"),
        [({}, "password"), ({"password": PASSWORD, "reason": "x"}, "reason"), ({"password": 7}, "password")],
    )
    async def test_a_bad_body_names_the_field(
        self, client: httpx.AsyncClient, seeker: Tokens, body: dict[str, Any], field: str
    ) -> None:
        response = await client.request("DELETE", ME, json=body, headers=seeker.headers)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}
        assert (await client.get(ME, headers=seeker.headers)).status_code == 200

    async def test_anonymous_is_401_and_an_administrator_is_refused(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        anonymous = await client.request("DELETE", ME, json={"password": PASSWORD})
        assert anonymous.status_code == 401
        response = await client.request("DELETE", ME, json={"password": "irrelevant"}, headers=admin.headers)
        assert response.status_code == 409 and response.json()["reason"] == "admin_account"
        assert (await client.get(ME, headers=admin.headers)).status_code == 200


class TestAdministratorDeletion:
    async def test_an_admin_deletes_a_persons_account_on_request_and_it_is_audited(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens
    ) -> None:
        account = (await client.get(ME, headers=seeker.headers)).json()
        admin_id = (await client.get(ME, headers=admin.headers)).json()["id"]
        response = await client.post(deletion_of(account["id"]), headers=admin.headers)
        assert response.status_code == 202, response.text
        assert response.json()["requested_by"] == "admin" and response.json()["account_id"] == account["id"]
        assert (await client.get(ME, headers=seeker.headers)).status_code == 401
        audit = (
            await client.get(
                "/api/v1/admin/audit-events", params={"event": "account.deleted"}, headers=admin.headers
            )
        ).json()["items"]
        assert [(e["actor_id"], e["subject_id"]) for e in audit] == [(admin_id, account["id"])]
        assert "seeker@example.org" not in json.dumps(audit)

    async def test_only_admins_and_never_their_own_account(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens
    ) -> None:
        admin_id = (await client.get(ME, headers=admin.headers)).json()["id"]
        seeker_id = (await client.get(ME, headers=seeker.headers)).json()["id"]
        assert (await client.post(deletion_of(admin_id), headers=seeker.headers)).status_code == 403
        assert (await client.post(deletion_of(seeker_id))).status_code == 401
        assert (await client.get(REQUESTS, headers=seeker.headers)).status_code == 403
        own = await client.post(deletion_of(admin_id), headers=admin.headers)
        assert own.status_code == 409 and own.json()["reason"] == "own_account"
        unknown = await client.post(deletion_of(str(uuid.uuid4())), headers=admin.headers)
        assert unknown.status_code == 404
        assert (await client.get(ME, headers=seeker.headers)).status_code == 200


class TestProgress:
    async def test_each_service_confirms_and_then_the_request_is_complete(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        request = (await delete_me(client, seeker)).json()
        await erased(settings, request["id"], "jobs")
        await erased(settings, request["id"], "jobs")  # a second delivery changes nothing
        halfway = (await client.get(f"{REQUESTS}/{request['id']}", headers=admin.headers)).json()
        assert halfway["status"] == "in_progress" and halfway["completed_at"] is None
        assert [(s["service"], s["status"]) for s in halfway["services"]] == [
            ("diaspora", "pending"),
            ("jobs", "done"),
        ]
        pending = (await client.get(REQUESTS, params={"completed": "false"}, headers=admin.headers)).json()
        assert [item["id"] for item in pending["items"]] == [request["id"]]

        await erased(settings, request["id"], "diaspora")
        done = (await client.get(f"{REQUESTS}/{request['id']}", headers=admin.headers)).json()
        assert done["status"] == "completed" and all(s["status"] == "done" for s in done["services"])
        assert done["completed_at"] == max(s["done_at"] for s in done["services"])
        completed = (await client.get(REQUESTS, params={"completed": "true"}, headers=admin.headers)).json()
        assert [item["id"] for item in completed["items"]] == [request["id"]]
        assert (await client.get(REQUESTS, params={"completed": "false"}, headers=admin.headers)).json()[
            "total"
        ] == 0

    async def test_an_answer_for_no_known_request_or_service_changes_nothing(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        request = (await delete_me(client, seeker)).json()
        await erased(settings, str(uuid.uuid4()), "jobs")
        await erased(settings, request["id"], "info")
        now = (await client.get(f"{REQUESTS}/{request['id']}", headers=admin.headers)).json()
        assert {s["status"] for s in now["services"]} == {"pending"}
        missing = await client.get(f"{REQUESTS}/{uuid.uuid4()}", headers=admin.headers)
        assert missing.status_code == 404

    async def test_with_no_service_holding_data_the_request_completes_at_once(
        self, client: httpx.AsyncClient, seeker: Tokens, settings: GatewaySettings
    ) -> None:
        settings.deletion_services = []
        body = (await delete_me(client, seeker)).json()
        assert body["status"] == "completed" and body["services"] == []
        assert body["completed_at"] == body["requested_at"]
