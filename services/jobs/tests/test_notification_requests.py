"""What the jobs service asks the gateway to tell a person (``notification.requested``, in the same
transaction as the change): an invitation, and every step of their application that someone else took.
The request names the account and public values only."""

from __future__ import annotations

import json
from typing import Any

import httpx
from jobs_helpers import bearer, published_vacancy, seeker_body

from imis_jobs.config import JobsSettings
from imis_jobs.models import EVENT_TABLES
from imis_testing import SigningKey
from imis_testing.events import notification_requests, recorded

API = "/api/v1/jobs"


async def requests(settings: JobsSettings) -> list[dict[str, Any]]:
    return await notification_requests(settings.database_url, EVENT_TABLES)


async def step(client: httpx.AsyncClient, headers: dict[str, str], application_id: str, to: str) -> None:
    response = await client.post(
        f"{API}/applications/{application_id}/transitions", json={"to": to}, headers=headers
    )
    assert response.status_code == 200, response.text


class TestNotificationRequests:
    async def test_a_step_someone_else_takes_is_told_and_the_seekers_own_is_not(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        assert (await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)).status_code == 201
        applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        application_id = applied.json()["id"]
        assert await requests(settings) == []  # applying is the seeker's own act
        await step(client, owner, application_id, "shortlisted")
        await step(client, seeker, application_id, "withdrawn")
        assert await requests(settings) == [
            {
                "user_id": "seeker-1",
                "kind": "application_status_changed",
                "params": {
                    "application_id": application_id,
                    "vacancy_id": vacancy["id"],
                    "vacancy": vacancy["title"],
                    "status": "shortlisted",
                },
            }
        ]

    async def test_an_invitation_is_told_with_no_personal_data(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        profile = (await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)).json()
        invited = await client.post(
            f"{API}/vacancies/{vacancy['id']}/invitations", json={"seeker_id": profile["id"]}, headers=owner
        )
        assert invited.status_code == 201, invited.text
        [told] = await requests(settings)
        assert told["kind"] == "invitation_received" and told["user_id"] == "seeker-1"
        assert told["params"]["vacancy"] == vacancy["title"]
        payloads = json.dumps(await recorded(settings.database_url, EVENT_TABLES))
        assert profile["full_name"] not in payloads and profile["email"] not in payloads


class TestWelfareCaseNews:
    async def test_the_worker_and_a_family_reporter_are_told_of_shared_news_never_of_internal_notes(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        assert (await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)).status_code == 201
        case_body = {"category": "unpaid_wages", "country": "IT", "description": "No wages for two months."}
        own = (await client.post(f"{API}/welfare-cases", json=case_body, headers=seeker)).json()
        family = bearer(signing_key, "family-1", "job_seeker")
        on_behalf = {
            **case_body,
            "on_behalf": True,
            "worker_name": "Said Hassan",
            "reporter_relationship": "brother",
            "worker_contact": "+39 333 123 4567",
        }
        theirs = (await client.post(f"{API}/welfare-cases", json=on_behalf, headers=family)).json()
        note = {"text": "We called the employer.", "visibility": "internal"}
        assert (
            await client.post(f"{API}/welfare-cases/{own['id']}/notes", json=note, headers=officer)
        ).status_code == 201
        assert await requests(settings) == []
        shared = {"text": "The labour attaché will visit on Monday.", "visibility": "shared"}
        assert (
            await client.post(f"{API}/welfare-cases/{own['id']}/notes", json=shared, headers=officer)
        ).status_code == 201
        moved = await client.post(
            f"{API}/welfare-cases/{theirs['id']}/status", json={"status": "in_progress"}, headers=officer
        )
        assert moved.status_code == 200, moved.text
        assert [(r["user_id"], r["kind"], r["params"]) for r in await requests(settings)] == [
            ("seeker-1", "welfare_case_updated", {"case_id": own["id"], "status": "open"}),
            ("family-1", "welfare_case_updated", {"case_id": theirs["id"], "status": "in_progress"}),
        ]
        payloads = json.dumps(await recorded(settings.database_url, EVENT_TABLES))
        assert "attaché" not in payloads and "Said Hassan" not in payloads  # the case stays confidential
