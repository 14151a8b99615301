"""Pledges: members pledge to open projects; officers confirm and mark fulfilled; progress."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from diaspora_helpers import (
    API,
    HYDRAULICS,
    NO_SUCH_CONCEPT,
    field_names,
    open_project,
    project_body,
    register,
)

from imis_diaspora.config import DiasporaSettings
from imis_diaspora.models import EVENT_TABLES
from imis_testing import SigningKey, bearer
from imis_testing.events import notification_requests

MONEY = {"kind": "money", "amount": "20000", "currency": "EUR"}


async def pledge(
    client: httpx.AsyncClient, project_id: str, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(f"{API}/projects/{project_id}/pledges", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def decide(
    client: httpx.AsyncClient, pledge_id: str, status: str, headers: dict[str, str]
) -> httpx.Response:
    return await client.post(f"{API}/pledges/{pledge_id}/status", json={"status": status}, headers=headers)


class TestPledging:
    async def test_money_expertise_and_volunteering(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        money = await pledge(client, project["id"], member, MONEY)
        assert money["status"] == "pledged" and money["currency"] == "EUR" and money["amount"] == "20000.00"
        expertise = await pledge(
            client, project["id"], member, {"kind": "expertise", "days": 10, "skills": [HYDRAULICS]}
        )
        assert expertise["skills"] == [HYDRAULICS]
        await pledge(client, project["id"], member, {"kind": "volunteering", "days": 5})
        mine = (await client.get(f"{API}/members/me/pledges", headers=member)).json()
        assert mine["total"] == 3

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"kind": "money", "amount": "0", "currency": "EUR"}, "amount"),
            ({"kind": "money", "amount": "-10", "currency": "EUR"}, "amount"),
            ({"kind": "money", "amount": "10", "currency": "ABC"}, "currency"),
            ({"kind": "money", "amount": "10"}, "currency"),
            ({"kind": "money", "amount": "10", "currency": "EUR", "days": 3}, "days"),
            ({"kind": "expertise"}, "days"),
            ({"kind": "expertise", "days": 3, "skills": [NO_SUCH_CONCEPT]}, "skills.0"),
            ({"kind": "volunteering", "days": 3, "amount": "5"}, "amount"),
            ({"kind": "gift", "days": 3}, "kind"),
            ({"kind": "volunteering", "days": 3, "hours": 2}, "hours"),
        ],
    )
    async def test_bad_pledges_name_the_field(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        officer: dict[str, str],
        body: dict[str, Any],
        field: str,
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        response = await client.post(f"{API}/projects/{project['id']}/pledges", json=body, headers=member)
        assert response.status_code == 422, response.text
        assert field in field_names(response)
        assert (await client.get(f"{API}/members/me/pledges", headers=member)).json()["total"] == 0

    async def test_only_open_projects_take_pledges(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        await client.post(
            f"{API}/projects/{project['id']}/status", json={"status": "funded"}, headers=officer
        )
        response = await client.post(f"{API}/projects/{project['id']}/pledges", json=MONEY, headers=member)
        assert response.status_code == 409 and "open" in response.json()["detail"]
        draft = (await client.post(f"{API}/projects", json=project_body(), headers=officer)).json()
        assert (
            await client.post(f"{API}/projects/{draft['id']}/pledges", json=MONEY, headers=member)
        ).status_code == 404
        assert (await client.get(f"{API}/members/me/pledges", headers=member)).json()["total"] == 0

    async def test_who_may_pledge(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        officer: dict[str, str],
        job_seeker: dict[str, str],
    ) -> None:
        project = await open_project(client, officer)
        url = f"{API}/projects/{project['id']}/pledges"
        assert (await client.post(url, json=MONEY, headers=member)).status_code == 404  # not registered yet
        assert (await client.post(url, json=MONEY, headers=job_seeker)).status_code == 403
        assert (await client.post(url, json=MONEY, headers=officer)).status_code == 403
        assert (await client.post(url, json=MONEY)).status_code == 401


class TestWorkflowAndProgress:
    async def test_confirmed_money_counts_per_currency(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await register(client, member)
        await register(client, other_member, email="amal@example.org")
        project = await open_project(client, officer)
        a = await pledge(client, project["id"], member, MONEY)
        b = await pledge(
            client, project["id"], other_member, {"kind": "money", "amount": "5000", "currency": "USD"}
        )
        c = await pledge(
            client, project["id"], other_member, {"kind": "money", "amount": "30000", "currency": "EUR"}
        )
        await pledge(client, project["id"], member, {"kind": "expertise", "days": 10})
        cancelled_days = await pledge(client, project["id"], other_member, {"kind": "expertise", "days": 7})
        await pledge(client, project["id"], other_member, {"kind": "volunteering", "days": 4})
        assert (await decide(client, a["id"], "confirmed", officer)).status_code == 200
        assert (await decide(client, a["id"], "fulfilled", officer)).status_code == 200
        assert (await decide(client, b["id"], "confirmed", officer)).status_code == 200
        cancel = await client.post(f"{API}/pledges/{cancelled_days['id']}/cancel", headers=other_member)
        assert cancel.status_code == 200 and cancel.json()["status"] == "cancelled"
        assert c["status"] == "pledged"
        progress = (await client.get(f"{API}/projects/{project['id']}")).json()["progress"]
        assert progress["confirmed_by_currency"] == {"EUR": "20000.00", "USD": "5000.00"}
        assert progress["pledged_by_currency"] == {"EUR": "30000.00"}
        assert progress["funded_share"] == 0.2
        assert progress["expertise_days_pledged"] == 10 and progress["expertise_days_sought"] == 60
        assert progress["volunteer_days_pledged"] == 4

    async def test_pledge_state_machine(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        p = await pledge(client, project["id"], member, MONEY)
        assert (await decide(client, p["id"], "fulfilled", officer)).status_code == 409  # not confirmed yet
        await decide(client, p["id"], "confirmed", officer)
        await decide(client, p["id"], "fulfilled", officer)
        assert (await client.post(f"{API}/pledges/{p['id']}/cancel", headers=member)).status_code == 409
        assert (await decide(client, p["id"], "cancelled", officer)).status_code == 409

    async def test_only_the_pledger_cancels_and_only_officers_decide(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await register(client, member)
        await register(client, other_member, email="amal@example.org")
        project = await open_project(client, officer)
        p = await pledge(client, project["id"], member, MONEY)
        assert (await client.post(f"{API}/pledges/{p['id']}/cancel", headers=other_member)).status_code == 404
        assert (await client.post(f"{API}/pledges/{p['id']}/cancel", headers=officer)).status_code == 403
        assert (await decide(client, p["id"], "confirmed", member)).status_code == 403
        assert (await decide(client, p["id"], "confirmed", {})).status_code == 401
        listed = await client.get(f"{API}/projects/{project['id']}/pledges", headers=officer)
        assert [x["id"] for x in listed.json()["items"]] == [p["id"]]
        assert (
            await client.get(f"{API}/projects/{project['id']}/pledges", headers=member)
        ).status_code == 403

    async def test_erasing_a_member_keeps_the_projects_accounts(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        p = await pledge(client, project["id"], member, MONEY)
        await decide(client, p["id"], "confirmed", officer)
        assert (await client.delete(f"{API}/members/me", headers=member)).status_code == 204
        listed = (await client.get(f"{API}/projects/{project['id']}/pledges", headers=officer)).json()[
            "items"
        ]
        assert listed[0]["member_id"] is None
        progress = (await client.get(f"{API}/projects/{project['id']}")).json()["progress"]
        assert progress["confirmed_by_currency"] == {"EUR": "20000.00"}


class TestTheMemberIsTold:
    async def test_a_confirmed_pledge_asks_the_gateway_to_tell_the_member(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await register(client, member)
        project = await open_project(client, officer)
        pledged = await pledge(client, project["id"], member, MONEY)
        assert (await decide(client, pledged["id"], "confirmed", officer)).status_code == 200
        await decide(client, pledged["id"], "fulfilled", officer)
        told = await notification_requests(settings.database_url, EVENT_TABLES)
        assert told == [
            {
                "user_id": "member-1",
                "kind": "pledge_confirmed",
                "params": {
                    "pledge_id": pledged["id"],
                    "project_id": project["id"],
                    "project": project["title"],
                },
            }
        ]

    async def test_a_project_moving_on_is_told_to_those_who_pledged_and_not_cancelled(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        member: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        await register(client, member)
        quitter = bearer(signing_key, "member-2", "diaspora_member")
        await register(client, quitter, email="quitter@example.org", phone="+39 011 765 4321")
        project = await open_project(client, officer)
        await pledge(client, project["id"], member, MONEY)
        withdrawn = await pledge(client, project["id"], quitter, MONEY)
        assert (await decide(client, withdrawn["id"], "cancelled", officer)).status_code == 200
        funded = await client.post(
            f"{API}/projects/{project['id']}/status", json={"status": "funded"}, headers=officer
        )
        assert funded.status_code == 200, funded.text
        told = await notification_requests(settings.database_url, EVENT_TABLES)
        assert told == [
            {
                "user_id": "member-1",
                "kind": "project_updated",
                "params": {"project_id": project["id"], "project": project["title"], "status": "funded"},
            }
        ]
