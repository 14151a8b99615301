"""Welfare cases: opened by the worker, a family member or an officer; confidential to officers and
the worker who follows them; summarised for the accused employer; moved along one step table;
overdue when unanswered; counted against the employer; and counted with small cells suppressed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, employer_body, published_vacancy, seeker_body
from sqlalchemy import func, select, update

from imis_jobs.config import JobsSettings
from imis_jobs.welfare.models import WelfareCase
from imis_shared.db import Database
from imis_testing import SigningKey

API = "/api/v1/jobs"
CASES = f"{API}/welfare-cases"
RECORDED = f"{API}/recorded-welfare-cases"


def case_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "category": "unpaid_wages",
        "country": "IT",
        "description": "No wages paid for three months; the supervisor keeps our passports.",
        "urgency": "high",
    }
    body.update(changes)
    return body


def on_behalf(**changes: Any) -> dict[str, Any]:
    body = case_body(
        on_behalf=True,
        worker_name="Said Hassan",
        reporter_relationship="brother",
        worker_contact="+39 333 123 4567 (WhatsApp)",
    )
    body.update(changes)
    return body


async def open_case(
    client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(CASES, json=body, headers=headers)
    assert response.status_code == 201, response.text
    case: dict[str, Any] = response.json()
    return case


async def move(
    client: httpx.AsyncClient, officer: dict[str, str], case_id: str, **body: Any
) -> httpx.Response:
    return await client.post(f"{CASES}/{case_id}/status", json=body, headers=officer)


async def stored_cases(settings: JobsSettings) -> int:
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            return int(await session.scalar(select(func.count()).select_from(WelfareCase)) or 0)
    finally:
        await database.dispose()


async def set_due(settings: JobsSettings, case_id: str, due: datetime) -> None:
    """Put a case's first-response deadline in the past: the API never sets one there."""
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            await session.execute(
                update(WelfareCase)
                .where(WelfareCase.id == uuid.UUID(case_id))
                .values(first_response_due_at=due)
            )
            await session.commit()
    finally:
        await database.dispose()


def fields(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


@pytest.fixture
def worker_b(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "worker-b", "job_seeker")


@pytest.fixture
def family(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "family-1", "job_seeker")


@pytest.fixture
def rival(signing_key: SigningKey) -> dict[str, str]:
    """The owner of another employer."""
    return bearer(signing_key, "rival-owner", "employer")


@pytest.fixture
async def world(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], seeker: dict[str, str]
) -> dict[str, Any]:
    """The accused employer (with a vacancy worker A applied to), and worker A's profile."""
    vacancy = await published_vacancy(client, owner, officer)
    profile = await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)
    assert profile.status_code == 201, profile.text
    applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
    assert applied.status_code == 201, applied.text
    return {
        "employer_id": vacancy["employer"]["id"],
        "seeker_id": profile.json()["id"],
        "application_id": applied.json()["id"],
    }


class TestOpening:
    async def test_a_worker_opens_their_own_case_with_its_deadline(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        body = case_body(
            employer_id=world["employer_id"], application_id=world["application_id"], urgency="critical"
        )
        case = await open_case(client, seeker, body)
        assert case["origin"] == "worker" and case["status"] == "open"
        assert case["worker_name"] == "Mona Adel" and case["identity_shared_with_employer"] is False
        assert (
            case["application_id"] == world["application_id"]
            and case["notes"] == []
            and case["messages"] == []
        )
        whole = (await client.get(f"{CASES}/{case['id']}", headers=officer)).json()
        opened = datetime.fromisoformat(whole["opened_at"])
        assert datetime.fromisoformat(whole["first_response_due_at"]) - opened == timedelta(hours=24)
        assert whole["reporter_id"] == "seeker-1" and whole["seeker_id"] == world["seeker_id"]
        assert whole["overdue"] is False and whole["first_responded_at"] is None

    async def test_a_family_member_opens_one_on_the_workers_behalf(
        self, client: httpx.AsyncClient, family: dict[str, str], officer: dict[str, str]
    ) -> None:
        case = await open_case(client, family, on_behalf(urgency="low"))
        assert case["origin"] == "on_behalf" and case["worker_name"] == "Said Hassan"
        assert case["reporter_relationship"] == "brother" and case["worker_contact"].startswith("+39")
        whole = (await client.get(f"{CASES}/{case['id']}", headers=officer)).json()
        opened = datetime.fromisoformat(whole["opened_at"])
        assert datetime.fromisoformat(whole["first_response_due_at"]) - opened == timedelta(days=14)
        assert whole["seeker_id"] is None and whole["reporter_id"] == "family-1"

    async def test_an_officer_records_a_call_and_the_worker_follows_it(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        response = await client.post(
            RECORDED,
            json=case_body(channel="phone", application_id=world["application_id"], category="detention"),
            headers=officer,
        )
        assert response.status_code == 201, response.text
        case = response.json()
        assert (
            case["origin"] == "officer" and case["channel"] == "phone" and case["recorded_by"] == "officer-1"
        )
        assert case["seeker_id"] == world["seeker_id"] and case["worker_name"] == "Mona Adel"
        mine = (await client.get(f"{API}/seekers/me/welfare-cases", headers=seeker)).json()
        assert [item["id"] for item in mine["items"]] == [case["id"]]
        followed = await client.get(f"{CASES}/{case['id']}", headers=seeker)
        assert followed.status_code == 200 and followed.json()["category"] == "detention"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            (case_body(employer_id=str(uuid.uuid4())), "employer_id"),
            (case_body(application_id=str(uuid.uuid4())), "application_id"),
            (case_body(category="bad_food"), "category"),
            (case_body(country="it"), "country"),
            (case_body(urgency="yesterday"), "urgency"),
            (case_body(description="x" * 5001), "description"),
            (case_body(description="   "), "description"),
            (case_body(reporter_relationship="sister"), "reporter_relationship"),
            (case_body(channel="phone"), "channel"),
            (on_behalf(worker_contact=None), "worker_contact"),
            ({k: v for k, v in on_behalf().items() if k != "worker_name"}, "worker_name"),
            (on_behalf(application_id=str(uuid.uuid4())), "application_id"),
            ({k: v for k, v in case_body().items() if k != "country"}, "country"),
        ],
    )
    async def test_bad_input_names_the_field_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        settings: JobsSettings,
        body: dict[str, Any],
        field: str,
    ) -> None:
        response = await client.post(CASES, json=body, headers=seeker)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert any(name.endswith(field) for name in fields(response)), response.text
        assert await stored_cases(settings) == 0

    async def test_another_workers_application_and_unknown_records_are_refused(
        self,
        client: httpx.AsyncClient,
        worker_b: dict[str, str],
        officer: dict[str, str],
        settings: JobsSettings,
        world: dict[str, Any],
    ) -> None:
        created = await client.post(
            f"{API}/seekers/me", json=seeker_body(full_name="Other"), headers=worker_b
        )
        assert created.status_code == 201
        theirs = await client.post(
            CASES, json=case_body(application_id=world["application_id"]), headers=worker_b
        )
        assert theirs.status_code == 422 and fields(theirs) == {"application_id"}
        recorded = RECORDED
        no_channel = await client.post(recorded, json=case_body(), headers=officer)
        assert no_channel.status_code == 422 and "channel" in fields(no_channel)
        unknown = await client.post(
            recorded, json=case_body(channel="visit", seeker_id=str(uuid.uuid4())), headers=officer
        )
        assert unknown.status_code == 422 and fields(unknown) == {"seeker_id"}
        mismatch = await client.post(
            recorded,
            json=case_body(
                channel="visit", seeker_id=created.json()["id"], application_id=world["application_id"]
            ),
            headers=officer,
        )
        assert mismatch.status_code == 422 and fields(mismatch) == {"application_id"}
        assert await stored_cases(settings) == 0

    async def test_wrong_callers_cannot_open_or_record(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        seeker: dict[str, str],
        officer: dict[str, str],
        settings: JobsSettings,
    ) -> None:
        assert (await client.post(CASES, json=case_body())).status_code == 401
        assert (await client.post(CASES, json=case_body(), headers=owner)).status_code == 403
        assert (await client.post(CASES, json=case_body(), headers=officer)).status_code == 403
        recorded = case_body(channel="walk_in")
        assert (await client.post(RECORDED, json=recorded)).status_code == 401
        assert (await client.post(RECORDED, json=recorded, headers=seeker)).status_code == 403
        assert (await client.post(RECORDED, json=recorded, headers=owner)).status_code == 403
        assert await stored_cases(settings) == 0


class TestConfidentiality:
    async def test_only_officers_and_the_worker_see_a_case(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        worker_b: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
        world: dict[str, Any],
    ) -> None:
        case = await open_case(client, seeker, case_body(employer_id=world["employer_id"]))
        url = f"{CASES}/{case['id']}"
        # Another worker is told there is no such case; other roles are refused outright.
        for stranger, status in (
            (worker_b, 404),
            (owner, 403),
            (client_bearer(signing_key, "stats", "jobs:read"), 403),
        ):
            got = await client.get(url, headers=stranger)
            assert got.status_code == status, got.text
            message = await client.post(f"{url}/messages", json={"text": "hello"}, headers=stranger)
            assert message.status_code == status, message.text
        assert (
            await client.patch(url, json={"identity_shared_with_employer": True}, headers=worker_b)
        ).status_code == 404
        assert (await client.get(f"{CASES}/{uuid.uuid4()}", headers=seeker)).status_code == 404
        assert (await client.get(url)).status_code == 401
        assert (await client.post(f"{url}/messages", json={"text": "hello"})).status_code == 401
        assert (await client.get(f"{API}/seekers/me/welfare-cases", headers=worker_b)).json()["total"] == 0
        assert (await client.get(f"{API}/seekers/me/welfare-cases")).status_code == 401
        assert (await client.get(f"{API}/seekers/me/welfare-cases", headers=owner)).status_code == 403
        assert (await client.get(url, headers=officer)).status_code == 200

    async def test_the_worker_sees_shared_notes_and_the_thread_never_internal_notes(
        self, client: httpx.AsyncClient, family: dict[str, str], officer: dict[str, str]
    ) -> None:
        case = await open_case(client, family, on_behalf())
        url = f"{CASES}/{case['id']}"
        internal = await client.post(
            f"{url}/notes",
            json={"text": "Agency known to ministry; call attaché.", "visibility": "internal"},
            headers=officer,
        )
        assert internal.status_code == 201 and internal.json()["author_id"] == "officer-1"
        assigned = await client.put(f"{url}/assignee", json={"officer_id": "officer-1"}, headers=officer)
        assert assigned.status_code == 200 and assigned.json()["assigned_to"] == "officer-1"
        assert assigned.json()["first_responded_at"] is None  # an internal note is no response
        shared = await client.post(
            f"{url}/notes",
            json={"text": "We have contacted the embassy.", "visibility": "shared"},
            headers=officer,
        )
        assert shared.status_code == 201
        asked = await client.post(f"{url}/messages", json={"text": "Any news?"}, headers=family)
        assert (
            asked.status_code == 201
            and asked.json()["side"] == "worker"
            and asked.json()["author_id"] is None
        )
        answered = await client.post(f"{url}/messages", json={"text": "Tomorrow."}, headers=officer)
        assert answered.status_code == 201 and answered.json()["side"] == "officer"
        seen = (await client.get(url, headers=family)).json()
        assert [note["text"] for note in seen["notes"]] == ["We have contacted the embassy."]
        assert [message["text"] for message in seen["messages"]] == ["Any news?", "Tomorrow."]
        assert "assigned_to" not in seen and "reporter_id" not in seen
        assert all(entry["author_id"] is None for entry in seen["notes"] + seen["messages"])
        assert seen["first_responded_at"] is not None
        whole = (await client.get(url, headers=officer)).json()
        assert {note["visibility"] for note in whole["notes"]} == {"internal", "shared"}
        assert whole["first_responded_at"] == seen["first_responded_at"]

    async def test_the_accused_employer_sees_a_summary_and_the_name_only_when_shared(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        rival: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        case = await open_case(client, seeker, case_body(employer_id=world["employer_id"]))
        await client.post(
            f"{CASES}/{case['id']}/notes", json={"text": "note", "visibility": "shared"}, headers=officer
        )
        listing = f"{API}/employers/{world['employer_id']}/welfare-cases"
        # Open and not shared: the employer does not learn of it (it could guess who complained).
        assert (await client.get(listing, headers=owner)).json()["total"] == 0
        for step in ({"status": "in_progress"}, {"status": "resolved", "substantiated": True}):
            moved = await client.post(f"{CASES}/{case['id']}/status", json=step, headers=officer)
            assert moved.status_code == 200, moved.text
        seen = (await client.get(listing, headers=owner)).json()
        assert seen["total"] == 1
        item = seen["items"][0]
        assert set(item) == {
            "id",
            "category",
            "country",
            "status",
            "opened_at",
            "substantiated",
            "worker_name",
        }
        assert item["worker_name"] is None and item["category"] == "unpaid_wages"
        # Only the worker shares their identity: not an officer, not another worker.
        refused = await client.patch(
            f"{CASES}/{case['id']}", json={"identity_shared_with_employer": True}, headers=officer
        )
        assert refused.status_code == 403
        shared = await client.patch(
            f"{CASES}/{case['id']}", json={"identity_shared_with_employer": True}, headers=seeker
        )
        assert shared.status_code == 200 and shared.json()["identity_shared_with_employer"] is True
        assert (await client.get(listing, headers=owner)).json()["items"][0]["worker_name"] == "Mona Adel"
        bad = await client.patch(
            f"{CASES}/{case['id']}", json={"identity_shared_with_employer": "yes"}, headers=seeker
        )
        assert bad.status_code == 422 and fields(bad) == {"identity_shared_with_employer"}
        # Another employer's member sees nothing of it, and nothing against their own.
        rivals = await client.post(
            f"{API}/employers",
            json=employer_body(name="Rival Srl", registration_number="IT-RM-999"),
            headers=rival,
        )
        assert rivals.status_code == 201, rivals.text
        assert (await client.get(listing, headers=rival)).status_code == 403
        assert (
            await client.get(f"{API}/employers/{rivals.json()['id']}/welfare-cases", headers=rival)
        ).json()["total"] == 0
        assert (await client.get(listing, headers=seeker)).status_code == 403
        assert (await client.get(listing)).status_code == 401


class TestHandling:
    async def test_the_step_table_and_what_each_step_records(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        settings: JobsSettings,
    ) -> None:
        case = await open_case(client, seeker, case_body())
        case_id = case["id"]
        skipped = await move(client, officer, case_id, status="resolved", substantiated=True)
        assert skipped.status_code == 409, skipped.text
        assert skipped.json()["current_status"] == "open" and skipped.json()["allowed"] == ["in_progress"]
        started = await move(client, officer, case_id, status="in_progress")
        assert started.status_code == 200 and started.json()["first_responded_at"] is not None
        no_target = await move(client, officer, case_id, status="referred", note="to the embassy")
        assert no_target.status_code == 422 and fields(no_target) == {"referral_target"}
        no_note = await move(client, officer, case_id, status="referred", referral_target="embassy")
        assert no_note.status_code == 422 and fields(no_note) == {"note"}
        stray = await move(client, officer, case_id, status="closed_unresolved", referral_target="lawyer")
        assert stray.status_code == 422 and fields(stray) == {"referral_target"}
        early = await move(client, officer, case_id, status="in_progress", substantiated=True)
        assert early.status_code == 422 and fields(early) == {"substantiated"}
        assert (await client.get(f"{CASES}/{case_id}", headers=officer)).json()["status"] == "in_progress"
        referred = await move(
            client,
            officer,
            case_id,
            status="referred",
            referral_target="labour_attache",
            note="Attaché in Rome visits.",
        )
        assert referred.status_code == 200 and referred.json()["referral_target"] == "labour_attache"
        back = await move(client, officer, case_id, status="in_progress")
        assert back.status_code == 409 and back.json()["allowed"] == ["closed_unresolved", "resolved"]
        unsaid = await move(client, officer, case_id, status="resolved")
        assert unsaid.status_code == 422 and fields(unsaid) == {"substantiated"}
        resolved = await move(client, officer, case_id, status="resolved", substantiated=True)
        assert resolved.status_code == 200
        assert resolved.json()["substantiated"] is True and resolved.json()["closed_at"] is not None
        followed = (await client.get(f"{CASES}/{case_id}", headers=seeker)).json()
        assert followed["referral_note"] == "Attaché in Rome visits." and followed["status"] == "resolved"
        again = await move(client, officer, case_id, status="closed_unresolved")
        assert again.status_code == 409 and again.json()["allowed"] == []

    async def test_officer_routes_refuse_everyone_else(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
        world: dict[str, Any],
    ) -> None:
        case = await open_case(client, seeker, case_body(employer_id=world["employer_id"]))
        url = f"{CASES}/{case['id']}"
        calls: list[tuple[str, str, dict[str, Any] | None]] = [
            ("GET", CASES, None),
            ("PUT", f"{url}/assignee", {"officer_id": "officer-1"}),
            ("POST", f"{url}/notes", {"text": "x", "visibility": "internal"}),
            ("POST", f"{url}/status", {"status": "in_progress"}),
            ("POST", f"{url}/employer-suspension", {"reason": "abuse"}),
            ("GET", f"{API}/employers/{world['employer_id']}/welfare-record", None),
            ("GET", f"{API}/welfare-statistics", None),
        ]
        for method, path, body in calls:
            assert (await client.request(method, path, json=body)).status_code == 401, path
            for caller in (seeker, owner):
                response = await client.request(method, path, json=body, headers=caller)
                assert response.status_code == 403, (path, response.text)
        reader = client_bearer(signing_key, "stats", "jobs:read")
        assert (await client.get(CASES, headers=reader)).status_code == 403
        assert (await client.get(f"{API}/welfare-statistics", headers=reader)).status_code == 200
        still = (await client.get(url, headers=seeker)).json()
        assert still["status"] == "open" and still["notes"] == []

    async def test_lists_filter_and_overdue_cases_wait_for_a_response(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        family: dict[str, str],
        officer: dict[str, str],
        settings: JobsSettings,
        world: dict[str, Any],
    ) -> None:
        late = await open_case(client, seeker, case_body(employer_id=world["employer_id"]))
        fresh = await open_case(client, family, on_behalf(category="medical_emergency", country="DE"))
        await set_due(settings, late["id"], datetime.now(UTC) - timedelta(hours=1))

        async def listed(**params: str) -> list[str]:
            response = await client.get(CASES, params=params, headers=officer)
            assert response.status_code == 200, response.text
            return [item["id"] for item in response.json()["items"]]

        assert await listed() == [fresh["id"], late["id"]]
        assert await listed(overdue="true") == [late["id"]]
        assert await listed(category="medical_emergency") == [fresh["id"]]
        assert await listed(country="IT") == [late["id"]]
        assert await listed(employer_id=world["employer_id"]) == [late["id"]]
        assert await listed(status="in_progress") == []
        await client.put(f"{CASES}/{fresh['id']}/assignee", json={"officer_id": "officer-2"}, headers=officer)
        assert await listed(assigned_to="officer-2") == [fresh["id"]]
        bad = await client.get(CASES, params={"status": "lost"}, headers=officer)
        assert bad.status_code == 422 and fields(bad) == {"status"}
        big = await client.get(CASES, params={"limit": 101}, headers=officer)
        assert big.status_code == 422
        overdue = (await client.get(CASES, params={"overdue": "true"}, headers=officer)).json()["items"][0]
        assert overdue["overdue"] is True
        await client.post(f"{CASES}/{late['id']}/messages", json={"text": "We are on it."}, headers=officer)
        assert await listed(overdue="true") == []


class TestEmployerRecordAndSuspension:
    async def test_substantiated_cases_count_against_the_employer_and_an_officer_suspends_it(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        family: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        world: dict[str, Any],
    ) -> None:
        employer_id = world["employer_id"]
        founded = await open_case(client, seeker, case_body(employer_id=employer_id))
        await open_case(client, family, on_behalf(employer_id=employer_id, category="document_confiscation"))
        loose = await open_case(client, family, on_behalf())
        await move(client, officer, founded["id"], status="in_progress")
        await move(client, officer, founded["id"], status="resolved", substantiated=True)
        record = await client.get(f"{API}/employers/{employer_id}/welfare-record", headers=officer)
        assert record.status_code == 200, record.text
        assert record.json() == {
            "employer_id": employer_id,
            "total": 2,
            "open": 1,
            "substantiated": 1,
            "suspensions": 0,
            "by_category": {"document_confiscation": 1, "unpaid_wages": 1},
            "by_status": {"open": 1, "resolved": 1},
        }
        assert (
            await client.get(f"{API}/employers/{uuid.uuid4()}/welfare-record", headers=officer)
        ).status_code == 404

        url = f"{CASES}/{founded['id']}/employer-suspension"
        blank = await client.post(url, json={"reason": " "}, headers=officer)
        assert blank.status_code == 422 and fields(blank) == {"reason"}
        suspended = await client.post(url, json={"reason": "Passports confiscated."}, headers=officer)
        assert suspended.status_code == 200, suspended.text
        assert suspended.json()["employer_suspended_by"] == "officer-1"
        employer = (await client.get(f"{API}/employers/{employer_id}", headers=officer)).json()
        assert employer["status"] == "suspended"
        history = (await client.get(f"{API}/employers/{employer_id}/status-history", headers=owner)).json()
        assert history[-1]["to_status"] == "suspended" and founded["id"] in history[-1]["reason"]
        twice = await client.post(url, json={"reason": "again"}, headers=officer)
        assert twice.status_code == 409
        nobody = await client.post(
            f"{CASES}/{loose['id']}/employer-suspension", json={"reason": "x"}, headers=officer
        )
        assert nobody.status_code == 409
        record = (await client.get(f"{API}/employers/{employer_id}/welfare-record", headers=officer)).json()
        assert record["suspensions"] == 1
        # The members of a suspended employer still see the closed case that suspended it; the open
        # one, not shared with them, stays unseen.
        seen = (await client.get(f"{API}/employers/{employer_id}/welfare-cases", headers=owner)).json()
        assert [item["id"] for item in seen["items"]] == [founded["id"]]


class TestStatistics:
    async def test_small_cells_and_thin_medians_are_suppressed(
        self,
        client: httpx.AsyncClient,
        family: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        url = f"{API}/welfare-statistics"
        empty = (await client.get(url, headers=officer)).json()
        assert empty["by_category"]["total"] == {"key": {}, "count": 0, "suppressed": False}
        assert empty["first_response"] == {"cases": 0, "median_hours": None, "suppressed": False}
        cases = [await open_case(client, family, on_behalf()) for _ in range(6)]
        await open_case(client, family, on_behalf(category="death", country="DE"))
        for case in cases[:4]:
            await move(client, officer, case["id"], status="in_progress")
        thin = (await client.get(url, headers=officer)).json()
        assert thin["min_cell"] == 5
        assert thin["first_response"] == {"cases": None, "median_hours": None, "suppressed": True}
        by_category = {cell["key"]["category"]: cell for cell in thin["by_category"]["cells"]}
        assert by_category["death"] == {"key": {"category": "death"}, "count": None, "suppressed": True}
        # The one small cell cannot be worked out from the total: a second number is hidden.
        hidden = [cell for cell in thin["by_category"]["cells"] if cell["suppressed"]]
        assert len(hidden) >= 2 or thin["by_category"]["total"]["suppressed"]
        assert thin["by_category"]["group_by"] == ["category"] and thin["by_category"]["margins"] == {}
        assert {cell["key"]["employer"] for cell in thin["by_employer"]["cells"]} == {"none"}
        await move(client, officer, cases[4]["id"], status="in_progress")
        full = (await client.get(url, headers=officer)).json()
        assert full["first_response"]["cases"] == 5 and full["first_response"]["median_hours"] is not None
        assert full["resolution"] == {"cases": 0, "median_hours": None, "suppressed": False}
        # open 2 (< k) is hidden, and in_progress 5 with it, or 7 - 5 would give it away.
        statuses = {cell["key"]["status"]: cell["count"] for cell in full["by_status"]["cells"]}
        assert statuses == {"in_progress": None, "open": None} and full["by_status"]["total"]["count"] == 7
        assert (await client.get(url, headers=bearer(signing_key, "w", "job_seeker"))).status_code == 403
