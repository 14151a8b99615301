"""Erasing a deleted account (``account.deleted``): the seeker profile and its applications go, the
account leaves its employers, welfare cases keep what the ministry needs without the person's name,
contact or account, and each handled event answers one ``account.erased`` in the same transaction."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, employer_body, published_vacancy, seeker_body

from imis_jobs.config import JobsSettings
from imis_jobs.events import EVENT_SETUP
from imis_jobs.models import EVENT_TABLES
from imis_shared.events import Event
from imis_testing import SigningKey
from imis_testing.events import account_deleted, deliver, recorded

API = "/api/v1/jobs"
CASES = f"{API}/welfare-cases"
EMPLOYERS = f"{API}/employers"
OWN_NAME, OWN_EMAIL, OWN_PHONE = "Mona Adel", "mona@example.org", "+20 100 123 4567"
OWN_CONTACT = "+39 320 555 0101 (Mona, WhatsApp)"


async def handle(settings: JobsSettings, event: Event, *, commit: bool = True) -> None:
    await deliver(settings.database_url, EVENT_SETUP.handlers[0], event, commit=commit)


async def outbox(settings: JobsSettings) -> list[tuple[str, str]]:
    """The service's answers (``account.erased``) in its outbox, oldest first; its other events
    (notifications of the steps the setup took) are not these tests' subject."""
    return [row for row in await recorded(settings.database_url, EVENT_TABLES) if row[0] == "account.erased"]


async def created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def case_for_officer(
    client: httpx.AsyncClient, officer: dict[str, str], case_id: str
) -> dict[str, Any]:
    response = await client.get(f"{CASES}/{case_id}", headers=officer)
    assert response.status_code == 200, response.text
    case: dict[str, Any] = response.json()
    return case


def case_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "unpaid_wages",
        "country": "IT",
        "description": "No wages paid for three months.",
        "urgency": "high",
    }
    body.update(changes)
    return body


@pytest.fixture
def other_seeker(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "seeker-2", "job_seeker")


@pytest.fixture
async def world(
    client: httpx.AsyncClient,
    owner: dict[str, str],
    officer: dict[str, str],
    seeker: dict[str, str],
    other_seeker: dict[str, str],
) -> dict[str, Any]:
    """seeker-1 (the account to erase) and seeker-2, each with a profile, an application to the same
    vacancy and a case of their own; seeker-1 has also reported a case on someone else's behalf, and
    an officer has recorded a case naming seeker-1's profile."""
    vacancy = await published_vacancy(client, owner, officer)
    employer_id = vacancy["employer"]["id"]
    ids: dict[str, Any] = {"employer_id": employer_id, "vacancy_id": vacancy["id"]}
    for key, headers, body in (
        ("one", seeker, seeker_body()),
        ("two", other_seeker, seeker_body(full_name="Hoda Samir", email="hoda@example.org", phone=None)),
    ):
        profile = await created(await client.post(f"{API}/seekers/me", json=body, headers=headers))
        applied = await created(
            await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=headers)
        )
        own = case_body(employer_id=employer_id, application_id=applied["id"], worker_contact=OWN_CONTACT)
        case = await created(await client.post(CASES, json=own, headers=headers))
        ids[key] = {"profile": profile["id"], "application": applied["id"], "case": case["id"]}
    behalf = case_body(
        on_behalf=True, worker_name="Said Hassan", reporter_relationship="brother", worker_contact="+39 333 1"
    )
    ids["one"]["on_behalf"] = (await created(await client.post(CASES, json=behalf, headers=seeker)))["id"]
    recorded = case_body(channel="phone", seeker_id=ids["one"]["profile"], category="detention")
    ids["one"]["recorded"] = (
        await created(await client.post(f"{API}/recorded-welfare-cases", json=recorded, headers=officer))
    )["id"]
    return ids


class TestErasingASeeker:
    async def test_the_profile_and_its_applications_are_gone(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        await handle(settings, account_deleted("seeker-1"))
        assert (await client.get(f"{API}/seekers/me", headers=seeker)).status_code == 404
        gone = await client.get(f"{API}/applications/{world['one']['application']}", headers=officer)
        assert gone.status_code == 404
        listed = await client.get(f"{API}/applications?vacancy_id={world['vacancy_id']}", headers=officer)
        assert [item["id"] for item in listed.json()["items"]] == [world["two"]["application"]]
        profiles = (await client.get(f"{API}/seekers", headers=officer)).json()["items"]
        assert [profile["id"] for profile in profiles] == [world["two"]["profile"]]
        consents = await client.get(f"{API}/seekers/{world['one']['profile']}/consents", headers=officer)
        assert consents.status_code == 404

    async def test_their_own_case_stays_for_officers_without_name_contact_or_account(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        before = await case_for_officer(client, officer, world["one"]["case"])
        assert before["worker_name"] == OWN_NAME and before["reporter_id"] == "seeker-1"
        await handle(settings, account_deleted("seeker-1"))
        case = await case_for_officer(client, officer, world["one"]["case"])
        assert (case["category"], case["status"], case["origin"]) == ("unpaid_wages", "open", "worker")
        assert case["employer_id"] == world["employer_id"] and case["country"] == "IT"
        assert case["worker_name"] is None and case["worker_contact"] is None
        assert case["reporter_id"] is None and case["seeker_id"] is None and case["application_id"] is None
        listed = await client.get(f"{CASES}?employer_id={world['employer_id']}", headers=officer)
        assert world["one"]["case"] in {item["id"] for item in listed.json()["items"]}

    async def test_a_case_an_officer_recorded_about_them_loses_their_name_but_not_its_recorder(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        assert (await case_for_officer(client, officer, world["one"]["recorded"]))["worker_name"] == OWN_NAME
        await handle(settings, account_deleted("seeker-1"))
        case = await case_for_officer(client, officer, world["one"]["recorded"])
        assert case["category"] == "detention" and case["origin"] == "officer"
        assert case["recorded_by"] == "officer-1"
        assert case["worker_name"] is None and case["worker_contact"] is None and case["seeker_id"] is None

    async def test_a_case_they_reported_for_someone_else_forgets_the_reporter_only(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        await handle(settings, account_deleted("seeker-1"))
        case = await case_for_officer(client, officer, world["one"]["on_behalf"])
        assert case["origin"] == "on_behalf" and case["reporter_id"] is None
        # The worker is another person, whom the ministry must still be able to reach.
        assert case["worker_name"] == "Said Hassan" and case["worker_contact"] == "+39 333 1"

    async def test_they_follow_no_case_any_more(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        assert (await client.get(f"{API}/seekers/me/welfare-cases", headers=seeker)).json()["total"] == 3
        await handle(settings, account_deleted("seeker-1"))
        assert (await client.get(f"{API}/seekers/me/welfare-cases", headers=seeker)).json()["total"] == 0
        assert (await client.get(f"{CASES}/{world['one']['case']}", headers=seeker)).status_code == 404

    async def test_another_seekers_data_is_untouched(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        other_seeker: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        await handle(settings, account_deleted("seeker-1"))
        profile = await client.get(f"{API}/seekers/me", headers=other_seeker)
        assert profile.status_code == 200 and profile.json()["full_name"] == "Hoda Samir"
        application = await client.get(
            f"{API}/applications/{world['two']['application']}", headers=other_seeker
        )
        assert application.status_code == 200
        case = await case_for_officer(client, officer, world["two"]["case"])
        assert case["worker_name"] == "Hoda Samir" and case["worker_contact"] == OWN_CONTACT
        assert case["reporter_id"] == "seeker-2" and case["seeker_id"] == world["two"]["profile"]
        assert case["application_id"] == world["two"]["application"]
        followed = await client.get(f"{API}/seekers/me/welfare-cases", headers=other_seeker)
        assert [item["id"] for item in followed.json()["items"]] == [world["two"]["case"]]

    async def test_a_failed_handling_rolls_everything_back(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        seeker: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        await handle(settings, account_deleted("seeker-1"), commit=False)
        assert (await client.get(f"{API}/seekers/me", headers=seeker)).status_code == 200
        case = await case_for_officer(client, officer, world["one"]["case"])
        assert case["worker_name"] == OWN_NAME and case["reporter_id"] == "seeker-1"
        assert await outbox(settings) == []


class TestErasingCasesWithoutAProfile:
    """The person's own cases name them even when no profile links them (no profile when they
    reported, or a profile they erased before deleting the account)."""

    async def test_a_case_opened_without_a_profile_loses_the_workers_name_and_contact(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        body = case_body(worker_name=OWN_NAME, worker_contact=OWN_CONTACT)
        case_id = (await created(await client.post(CASES, json=body, headers=seeker)))["id"]
        await handle(settings, account_deleted("seeker-1"))
        case = await case_for_officer(client, officer, case_id)
        assert case["category"] == "unpaid_wages" and case["reporter_id"] is None
        assert case["worker_name"] is None and case["worker_contact"] is None

    async def test_a_profile_erased_earlier_leaves_no_name_on_their_own_case(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        await created(await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker))
        body = case_body(worker_contact=OWN_CONTACT)
        case_id = (await created(await client.post(CASES, json=body, headers=seeker)))["id"]
        assert (await client.delete(f"{API}/seekers/me", headers=seeker)).status_code == 204
        assert (await case_for_officer(client, officer, case_id))["worker_name"] == OWN_NAME  # kept, so far
        await handle(settings, account_deleted("seeker-1"))
        case = await case_for_officer(client, officer, case_id)
        assert case["worker_name"] is None and case["worker_contact"] is None and case["reporter_id"] is None


class TestErasingAnEmployerUser:
    async def test_the_account_leaves_its_employers_which_stay_with_their_other_owner(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        colleague = bearer(signing_key, "employer-2", "employer")
        own = await created(await client.post(EMPLOYERS, json=employer_body(), headers=owner))
        second = employer_body(name="Serra Bianchi", registration_number="IT-LT-654321")
        theirs = await created(await client.post(EMPLOYERS, json=second, headers=colleague))
        invitation = await created(
            await client.post(f"{EMPLOYERS}/{theirs['id']}/invitations", headers=colleague)
        )
        accepted = await client.post(
            f"{EMPLOYERS}/invitations/accept", json={"code": invitation["code"]}, headers=owner
        )
        assert accepted.status_code == 200, accepted.text
        await handle(settings, account_deleted("employer-owner"))
        members = (await client.get(f"{EMPLOYERS}/{theirs['id']}/members", headers=colleague)).json()
        assert [(member["user_id"], member["role"]) for member in members] == [("employer-2", "owner")]
        assert (await client.get(f"{EMPLOYERS}/{theirs['id']}", headers=colleague)).status_code == 200
        # The employer they owned alone stays on the ministry's register, with no member left.
        kept = await client.get(f"{EMPLOYERS}/{own['id']}", headers=officer)
        assert kept.status_code == 200 and kept.json()["name"] == own["name"]
        assert (await client.get(f"{EMPLOYERS}/{own['id']}/members", headers=officer)).json() == []
        assert (await client.get(f"{EMPLOYERS}/{theirs['id']}", headers=owner)).status_code == 403
        assert (await client.get(EMPLOYERS, headers=owner)).json()["total"] == 0


class TestAnswer:
    async def test_each_handled_event_answers_one_account_erased_with_ids_only(
        self, client: httpx.AsyncClient, settings: JobsSettings, world: dict[str, Any]
    ) -> None:
        events = [account_deleted("seeker-1"), account_deleted("employer-owner")]
        for event in events:
            await handle(settings, event)
        recorded = await outbox(settings)
        assert [kind for kind, _ in recorded] == ["account.erased", "account.erased"]
        bodies = [json.loads(payload) for _, payload in recorded]
        assert [body["data"] for body in bodies] == [
            {"request_id": event.data["request_id"], "service": "jobs"} for event in events
        ]
        assert {body["source"] for body in bodies} == {"jobs"}
        assert len({body["id"] for body in bodies}) == 2
        for _, payload in recorded:
            for personal in (OWN_NAME, OWN_EMAIL, OWN_PHONE, "seeker-1", "employer-owner"):
                assert personal not in payload

    async def test_an_account_holding_nothing_here_is_still_answered(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        other_seeker: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        event = account_deleted(str(uuid.uuid4()))
        await handle(settings, event)
        [(kind, payload)] = await outbox(settings)
        assert kind == "account.erased"
        assert json.loads(payload)["data"] == {"request_id": event.data["request_id"], "service": "jobs"}
        assert (await client.get(f"{API}/seekers/me", headers=other_seeker)).status_code == 200
