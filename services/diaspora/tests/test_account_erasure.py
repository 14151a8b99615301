"""Erasing a deleted account (``account.deleted``): the member record goes with its consents, skills,
languages, offers and organisation links; its pledges stay in their projects' totals, linked to no
one; and each handled event answers one ``account.erased`` in the same transaction."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from diaspora_helpers import API, HYDRAULICS, PYTHON, open_project, register
from sqlalchemy import func, select

from imis_diaspora.config import DiasporaSettings
from imis_diaspora.events import EVENT_SETUP
from imis_diaspora.members.models import ConsentEvent, MemberLanguage, MemberSkill
from imis_diaspora.models import EVENT_TABLES
from imis_diaspora.offers.models import ContributionOffer
from imis_diaspora.organisations.models import MemberOrganisation
from imis_shared.db import Database
from imis_shared.events import Event
from imis_testing.events import account_deleted, deliver, recorded

ME = f"{API}/members/me"
NAME, EMAIL, PHONE = "Karim Nabil", "karim.nabil@example.org", "+39 011 123 4567"
MONEY = {"kind": "money", "amount": "20000", "currency": "EUR"}
OFFER = {
    "type": "investment",
    "sector": "agriculture",
    "description": "Co-invest in drip irrigation for smallholders in the Delta.",
    "amount_min": "10000",
    "amount_max": "50000",
    "currency": "EUR",
}
ATTACHED = (ConsentEvent, MemberSkill, MemberLanguage, ContributionOffer, MemberOrganisation)


async def handle(settings: DiasporaSettings, event: Event, *, commit: bool = True) -> None:
    await deliver(settings.database_url, EVENT_SETUP.handlers[0], event, commit=commit)


async def outbox(settings: DiasporaSettings) -> list[tuple[str, str]]:
    """The service's answers (``account.erased``) in its outbox, oldest first; its other events
    (notifications of the steps the setup took) are not these tests' subject."""
    return [row for row in await recorded(settings.database_url, EVENT_TABLES) if row[0] == "account.erased"]


async def attached_rows(settings: DiasporaSettings, member_id: str) -> dict[str, int]:
    """How many rows of each table attached to a member record hold ``member_id``."""
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            return {
                model.__tablename__: int(
                    await session.scalar(
                        select(func.count()).select_from(model).where(model.member_id == uuid.UUID(member_id))
                    )
                    or 0
                )
                for model in ATTACHED
            }
    finally:
        await database.dispose()


async def ok(response: httpx.Response, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def world(
    client: httpx.AsyncClient,
    member: dict[str, str],
    other_member: dict[str, str],
    officer: dict[str, str],
) -> dict[str, Any]:
    """member-1 (the account to erase) and member-2, each registered with skills, languages and
    consents, an offer, a link to a verified organisation and a confirmed money pledge to one open
    project; member-1 has also pledged ten days of expertise."""
    project = await open_project(client, officer)
    organisation = await ok(
        await client.post(
            f"{API}/organisations",
            json={"name": "Egyptian Engineers in Italy", "country": "IT"},
            headers=officer,
        )
    )
    verify = {"status": "verified"}
    await ok(
        await client.post(f"{API}/organisations/{organisation['id']}/status", json=verify, headers=officer),
        200,
    )
    ids: dict[str, Any] = {"project": project["id"], "organisation": organisation["id"]}
    for key, headers, changes in (
        ("one", member, {}),
        ("two", other_member, {"full_name": "Amal Fahmy", "email": "amal@example.org", "skills": [PYTHON]}),
    ):
        record = await register(client, headers, consents=("contact", "directory"), **changes)
        offer = await ok(await client.post(f"{ME}/offers", json=OFFER, headers=headers))
        linked = await client.put(f"{ME}/organisations/{organisation['id']}", headers=headers)
        assert linked.status_code == 204, linked.text
        pledge = await ok(
            await client.post(f"{API}/projects/{project['id']}/pledges", json=MONEY, headers=headers)
        )
        confirmed = await client.post(
            f"{API}/pledges/{pledge['id']}/status", json={"status": "confirmed"}, headers=officer
        )
        assert confirmed.status_code == 200, confirmed.text
        ids[key] = {"member": record["id"], "offer": offer["id"], "pledge": pledge["id"]}
    expertise = {"kind": "expertise", "days": 10, "skills": [HYDRAULICS]}
    ids["one"]["expertise"] = (
        await ok(await client.post(f"{API}/projects/{project['id']}/pledges", json=expertise, headers=member))
    )["id"]
    return ids


class TestErasingAMember:
    async def test_the_record_and_everything_attached_to_it_are_gone(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        member: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        assert all((await attached_rows(settings, world["one"]["member"])).values())  # something to erase
        await handle(settings, account_deleted("member-1"))
        assert (await client.get(ME, headers=member)).status_code == 404
        assert (
            await client.get(f"{API}/members/{world['one']['member']}", headers=officer)
        ).status_code == 404
        assert set((await attached_rows(settings, world["one"]["member"])).values()) == {0}
        offers = (await client.get(f"{API}/offers", headers=officer)).json()["items"]
        assert [offer["id"] for offer in offers] == [world["two"]["offer"]]
        listed = (await client.get(f"{API}/members", headers=officer)).json()["items"]
        assert [record["id"] for record in listed] == [world["two"]["member"]]

    async def test_their_pledges_still_count_but_name_no_one(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        project = f"{API}/projects/{world['project']}"
        before = (await client.get(project)).json()["progress"]
        await handle(settings, account_deleted("member-1"))
        after = (await client.get(project)).json()["progress"]
        assert after == before
        assert after["confirmed_by_currency"] == {"EUR": "40000.00"} and after["expertise_days_pledged"] == 10
        pledges = (await client.get(f"{project}/pledges", headers=officer)).json()["items"]
        owners = {pledge["id"]: pledge["member_id"] for pledge in pledges}
        assert owners == {
            world["one"]["pledge"]: None,
            world["one"]["expertise"]: None,
            world["two"]["pledge"]: world["two"]["member"],
        }

    async def test_another_member_is_untouched(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        other_member: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        before = await attached_rows(settings, world["two"]["member"])
        await handle(settings, account_deleted("member-1"))
        assert await attached_rows(settings, world["two"]["member"]) == before
        record = await ok(await client.get(ME, headers=other_member), 200)
        assert record["full_name"] == "Amal Fahmy" and [skill["skill_id"] for skill in record["skills"]] == [
            PYTHON
        ]
        assert record["consents"]["contact"] is True and record["consents"]["directory"] is True
        mine = (await client.get(f"{ME}/pledges", headers=other_member)).json()
        assert [pledge["id"] for pledge in mine["items"]] == [world["two"]["pledge"]]
        assert (await client.get(f"{ME}/organisations", headers=other_member)).json()[0]["id"] == world[
            "organisation"
        ]

    async def test_a_failed_handling_rolls_everything_back(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        member: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        before = await attached_rows(settings, world["one"]["member"])
        await handle(settings, account_deleted("member-1"), commit=False)
        assert (await ok(await client.get(ME, headers=member), 200))["full_name"] == NAME
        assert await attached_rows(settings, world["one"]["member"]) == before
        pledges = (await client.get(f"{API}/projects/{world['project']}/pledges", headers=officer)).json()
        assert {pledge["member_id"] for pledge in pledges["items"]} == {
            world["one"]["member"],
            world["two"]["member"],
        }
        assert await outbox(settings) == []


class TestAnswer:
    async def test_the_handled_event_answers_one_account_erased_with_ids_only(
        self, client: httpx.AsyncClient, settings: DiasporaSettings, world: dict[str, Any]
    ) -> None:
        event = account_deleted("member-1")
        await handle(settings, event)
        [(kind, payload)] = await outbox(settings)
        body = json.loads(payload)
        assert kind == "account.erased" and body["type"] == "account.erased" and body["source"] == "diaspora"
        assert body["data"] == {"request_id": event.data["request_id"], "service": "diaspora"}
        for personal in (NAME, EMAIL, PHONE, "member-1", world["one"]["member"]):
            assert personal.lower() not in payload.lower()

    async def test_an_account_holding_nothing_here_is_still_answered(
        self,
        client: httpx.AsyncClient,
        settings: DiasporaSettings,
        member: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        events = [account_deleted(str(uuid.uuid4())), account_deleted("officer-1")]
        for event in events:
            await handle(settings, event)
        recorded = await outbox(settings)
        assert [kind for kind, _ in recorded] == ["account.erased", "account.erased"]
        assert [json.loads(payload)["data"] for _, payload in recorded] == [
            {"request_id": event.data["request_id"], "service": "diaspora"} for event in events
        ]
        assert (await client.get(ME, headers=member)).status_code == 200
