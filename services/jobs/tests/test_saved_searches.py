"""Saved searches: a seeker keeps a few vacancy searches with the filters of `GET /vacancies`; each
published vacancy that one of them lists is told once, at once or in a daily digest, through the
gateway's notifications; a vacancy closed before the alert is handled, or one that does not match,
alerts no one; deleting the account deletes them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, published_vacancy

from imis_jobs.config import JobsSettings
from imis_jobs.events import EVENT_SETUP
from imis_jobs.models import EVENT_TABLES
from imis_jobs.saved_searches.service import send_digests
from imis_shared.db import Database
from imis_shared.events import VACANCY_PUBLISHED
from imis_testing import SigningKey
from imis_testing.events import account_deleted, deliver, event, notification_requests, recorded

API = "/api/v1/jobs"
SAVED = f"{API}/seekers/me/saved-searches"
NURSING_IN_ITALY = {"name": "Nursing in Italy", "filters": {"q": "nurse", "country": "IT"}}


async def save(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(SAVED, json=body, headers=headers)
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


async def handle_published(settings: JobsSettings, vacancy_id: str) -> None:
    """Deliver ``vacancy.published`` to the service's own consumer, as its worker does."""
    await deliver(
        settings.database_url,
        EVENT_SETUP.handlers[1],
        event(VACANCY_PUBLISHED, {"vacancy_id": vacancy_id}, "jobs"),
    )


async def told(settings: JobsSettings) -> list[tuple[str, str, dict[str, str]]]:
    """The notifications asked of the gateway: (account, kind, params)."""
    data = await notification_requests(settings.database_url, EVENT_TABLES)
    return [(d["user_id"], d["kind"], d["params"]) for d in data]


async def published(settings: JobsSettings) -> list[str]:
    rows = await recorded(settings.database_url, EVENT_TABLES)
    return [json.loads(payload)["data"]["vacancy_id"] for kind, payload in rows if kind == VACANCY_PUBLISHED]


class TestKeepingSearches:
    async def test_a_seeker_saves_lists_and_deletes_their_own(
        self, client: httpx.AsyncClient, seeker: dict[str, str], signing_key: SigningKey
    ) -> None:
        saved = await save(client, seeker, {**NURSING_IN_ITALY, "frequency": "daily"})
        assert saved["name"] == "Nursing in Italy" and saved["frequency"] == "daily" and saved["matches"] == 0
        assert saved["filters"] == {
            "q": "nurse",
            "occupation": None,
            "isco": None,
            "country": "IT",
            "contract_type": None,
            "language": None,
            "programme": None,
        }
        assert (await client.get(SAVED, headers=seeker)).json()["total"] == 1
        other = bearer(signing_key, "seeker-2", "job_seeker")
        assert (await client.get(SAVED, headers=other)).json()["total"] == 0
        assert (await client.delete(f"{SAVED}/{saved['id']}", headers=other)).status_code == 404
        assert (await client.delete(f"{SAVED}/{saved['id']}", headers=seeker)).status_code == 204
        assert (await client.get(SAVED, headers=seeker)).json()["total"] == 0

    async def test_only_job_seekers(self, client: httpx.AsyncClient, owner: dict[str, str]) -> None:
        assert (await client.post(SAVED, json=NURSING_IN_ITALY)).status_code == 401
        assert (await client.post(SAVED, json=NURSING_IN_ITALY, headers=owner)).status_code == 403

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({**NURSING_IN_ITALY, "filters": {"country": "Italy"}}, "filters.country"),
            ({**NURSING_IN_ITALY, "frequency": "hourly"}, "frequency"),
            ({**NURSING_IN_ITALY, "filters": {"salary": "high"}}, "filters.salary"),
            ({**NURSING_IN_ITALY, "name": "   "}, "name"),
            ({"filters": {}}, "name"),
        ],
    )
    async def test_bad_input_names_the_field_and_saves_nothing(
        self, client: httpx.AsyncClient, seeker: dict[str, str], body: dict[str, Any], field: str
    ) -> None:
        response = await client.post(SAVED, json=body, headers=seeker)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}
        assert (await client.get(SAVED, headers=seeker)).json()["total"] == 0

    async def test_a_person_keeps_at_most_the_limit(
        self, client: httpx.AsyncClient, seeker: dict[str, str], settings: JobsSettings
    ) -> None:
        for number in range(settings.saved_search_limit):
            await save(client, seeker, {"name": f"Search {number}", "filters": {}})
        refused = await client.post(SAVED, json=NURSING_IN_ITALY, headers=seeker)
        assert refused.status_code == 409 and refused.json()["reason"] == "saved_search_limit"


class TestAlerts:
    async def test_a_matching_vacancy_is_told_once_and_others_not_at_all(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        saved = await save(client, seeker, NURSING_IN_ITALY)
        nurse = await published_vacancy(client, owner, officer)
        welder = await published_vacancy(
            client, owner, officer, title="Welder", description="Pipelines in Turin."
        )
        in_spain = await published_vacancy(client, owner, officer, destination_country="ES")
        assert await published(settings) == [nurse["id"], welder["id"], in_spain["id"]]
        for vacancy_id in await published(settings):
            await handle_published(settings, vacancy_id)
        await handle_published(settings, nurse["id"])  # the same vacancy announced again
        assert await told(settings) == [
            (
                "seeker-1",
                "vacancy_alert",
                {"search_id": saved["id"], "vacancy_id": nurse["id"], "vacancy": nurse["title"]},
            )
        ]
        assert (await client.get(SAVED, headers=seeker)).json()["items"][0]["matches"] == 1

    async def test_a_vacancy_closed_before_the_alert_alerts_no_one(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await save(client, seeker, NURSING_IN_ITALY)
        vacancy = await published_vacancy(client, owner, officer)
        closed = await client.post(
            f"{API}/vacancies/{vacancy['id']}/status", json={"status": "closed"}, headers=owner
        )
        assert closed.status_code == 200, closed.text
        await handle_published(settings, vacancy["id"])
        assert await told(settings) == []

    async def test_a_daily_search_gathers_its_matches_in_one_digest(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        saved = await save(client, seeker, {**NURSING_IN_ITALY, "frequency": "daily"})
        for title in ("Nurse, Milan", "Nurse, Rome"):
            vacancy = await published_vacancy(client, owner, officer, title=title)
            await handle_published(settings, vacancy["id"])
        assert await told(settings) == []  # not one by one
        database = Database(settings.database_url)
        try:
            assert await send_digests(database) == 1
            assert await send_digests(database) == 0  # nothing new, and not a day yet
        finally:
            await database.dispose()
        assert await told(settings) == [
            ("seeker-1", "vacancy_digest", {"search_id": saved["id"], "count": "2"})
        ]

    async def test_deleting_the_account_deletes_its_searches(
        self, client: httpx.AsyncClient, settings: JobsSettings, seeker: dict[str, str]
    ) -> None:
        await save(client, seeker, NURSING_IN_ITALY)
        await deliver(settings.database_url, EVENT_SETUP.handlers[0], account_deleted("seeker-1"))
        assert (await client.get(SAVED, headers=seeker)).json()["total"] == 0
