"""The seeker's data export after the worker's journey: orientation enrolments and certificates, the
employment abroad on the application's timeline, the welfare cases the worker follows (as the worker
sees them: no internal note, no author) and returns with their referrals and follow-ups; another
worker's records never in it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from jobs_helpers import bearer, published_vacancy, seeker_body, today
from sqlalchemy import update

from imis_jobs.orientation.models import OrientationSession
from imis_shared.db import create_engine
from imis_testing import SigningKey

API = "/api/v1/jobs"
EXPORT = f"{API}/seekers/me/export"
LATER = (today() + timedelta(days=730)).isoformat()
EXTENDED = (today() + timedelta(days=1095)).isoformat()
INTERNAL = "Agency known to the ministry; call the attache."
SHARED = "We have contacted the embassy."

Headers = dict[str, str]


async def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def step(
    client: httpx.AsyncClient, headers: Headers, application_id: str, to: str, **fields: Any
) -> None:
    url = f"{API}/applications/{application_id}/transitions"
    await ok(await client.post(url, json={"to": to, **fields}, headers=headers))


async def started(database_url: str, session_id: str) -> None:
    """Move the orientation session into the past, as time would: attendance is recorded once it began."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                update(OrientationSession)
                .where(OrientationSession.id == uuid.UUID(session_id))
                .values(starts_at=datetime.now(UTC) - timedelta(hours=3))
            )
    finally:
        await engine.dispose()


async def certified(
    client: httpx.AsyncClient, officer: Headers, seeker: Headers, database_url: str
) -> dict[str, Any]:
    """``seeker`` (with a placement in Italy accepted) enrolled in an orientation session that took
    place, with their attendance recorded: the enrolment, carrying its certificate's code."""
    course = await ok(
        await client.post(
            f"{API}/orientation-courses",
            json={
                "title": "Living and working in Italy",
                "destination_country": "IT",
                "language": "ar",
                "duration_hours": 8,
                "description": "Rights at work, contracts, health care and the consulate's help.",
            },
            headers=officer,
        ),
        201,
    )
    held = await ok(
        await client.post(
            f"{API}/orientation-sessions",
            json={
                "course_id": course["id"],
                "starts_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
                "mode": "in_person",
                "place": "Labour office, Cairo",
                "capacity": 20,
            },
            headers=officer,
        ),
        201,
    )
    enrolment = await ok(
        await client.post(f"{API}/orientation-sessions/{held['id']}/enrolments", json={}, headers=seeker), 201
    )
    await started(database_url, held["id"])
    return await ok(
        await client.post(
            f"{API}/orientation-enrolments/{enrolment['id']}/attendance",
            json={"attendance": "attended"},
            headers=officer,
        )
    )


async def welfare_case(client: httpx.AsyncClient, seeker: Headers, officer: Headers) -> dict[str, Any]:
    """A case the worker opened, with an internal note, a shared note and a message each way."""
    case = await ok(
        await client.post(
            f"{API}/welfare-cases",
            json={
                "category": "unpaid_wages",
                "country": "IT",
                "description": "No wages paid for three months.",
                "urgency": "high",
            },
            headers=seeker,
        ),
        201,
    )
    url = f"{API}/welfare-cases/{case['id']}"
    for text, visibility in ((INTERNAL, "internal"), (SHARED, "shared")):
        await ok(
            await client.post(f"{url}/notes", json={"text": text, "visibility": visibility}, headers=officer),
            201,
        )
    await ok(await client.post(f"{url}/messages", json={"text": "Any news?"}, headers=seeker), 201)
    await ok(await client.post(f"{url}/messages", json={"text": "Tomorrow."}, headers=officer), 201)
    return case


class TestTheJourneyInTheExport:
    async def test_the_owner_exports_orientation_employment_welfare_and_returns_without_internal_notes(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        signing_key: SigningKey,
        database_url: str,
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        profile = await ok(await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker), 201)
        application = await ok(
            await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker), 201
        )
        application_id = application["id"]
        for headers, to in ((owner, "shortlisted"), (owner, "offered"), (seeker, "accepted")):
            await step(client, headers, application_id, to)
        enrolment = await certified(client, officer, seeker, database_url)
        for to in ("contract_signed", "visa_issued", "departed"):
            await step(client, officer, application_id, to)
        await step(client, seeker, application_id, "arrived", arrived_on=today().isoformat())
        await step(
            client, owner, application_id, "employed", started_on=today().isoformat(), contract_ends_on=LATER
        )
        changes = f"{API}/applications/{application_id}/employment-changes"
        await ok(
            await client.post(
                changes, json={"kind": "contract_extended", "contract_ends_on": EXTENDED}, headers=owner
            ),
            201,
        )
        await ok(
            await client.post(
                changes,
                json={
                    "kind": "employer_changed",
                    "employer_name": "Ospedale San Carlo",
                    "started_on": today().isoformat(),
                    "reason": "The ward closed.",
                },
                headers=seeker,
            ),
            201,
        )
        await step(
            client,
            officer,
            application_id,
            "terminated",
            termination_reason="employer_closed",
            note="Closed.",
        )
        worker_return = await ok(
            await client.post(
                f"{API}/returns",
                json={
                    "application_id": application_id,
                    "returned_on": today().isoformat(),
                    "reason": "early_termination",
                    "needs": ["job_placement"],
                },
                headers=seeker,
            ),
            201,
        )
        await ok(
            await client.post(
                f"{API}/returns/{worker_return['id']}/referrals",
                json={
                    "need": "job_placement",
                    "provider_name": "Cairo employment office",
                    "referred_on": today().isoformat(),
                },
                headers=officer,
            ),
            201,
        )
        case = await welfare_case(client, seeker, officer)
        # Another worker's case and profile: never in the first worker's export, nor theirs in it.
        other = bearer(signing_key, "worker-b", "job_seeker")
        await ok(
            await client.post(f"{API}/seekers/me", json=seeker_body(full_name="Said Hassan"), headers=other),
            201,
        )
        other_case = await welfare_case(client, other, officer)

        export = await ok(await client.get(EXPORT, headers=seeker))

        assert export["profile"]["id"] == profile["id"]
        # Orientation: the enrolment with its attendance, and the certificate it earned.
        assert [
            (e["id"], e["attendance"], e["certificate_code"]) for e in export["orientation_enrolments"]
        ] == [(enrolment["id"], "attended", enrolment["certificate_code"])]
        certificates = export["orientation_certificates"]
        assert [(c["code"], c["status"], c["destination_country"]) for c in certificates] == [
            (enrolment["certificate_code"], "valid", "IT")
        ]
        # Employment abroad: every detail of the record on the application's timeline.
        (placement,) = export["applications"]
        assert placement["id"] == application_id and placement["status"] == "returned"
        timeline = placement["timeline"]
        arrival = next(e for e in timeline if e["to_status"] == "arrived")
        employment = next(e for e in timeline if e["to_status"] == "employed" and e["change"] is None)
        assert arrival["arrived_on"] == today().isoformat()
        assert (employment["started_on"], employment["contract_ends_on"]) == (today().isoformat(), LATER)
        assert [
            (e["change"], e["contract_ends_on"], e["employer_name"]) for e in timeline if e["change"]
        ] == [
            ("contract_extended", EXTENDED, None),
            ("employer_changed", None, "Ospedale San Carlo"),
        ]
        termination = next(e for e in timeline if e["to_status"] == "terminated")
        assert (termination["termination_reason"], termination["note"]) == ("employer_closed", "Closed.")
        # The return with its referral and follow-ups, as the worker sees it.
        (returned,) = export["returns"]
        assert returned["id"] == worker_return["id"] and returned["application_id"] == application_id
        assert [(r["need"], r["provider_name"]) for r in returned["referrals"]] == [
            ("job_placement", "Cairo employment office")
        ]
        assert [f["month"] for f in returned["follow_ups"]] == [3, 6, 12]
        assert returned["diaspora_invitation_url"] == "/api/v1/diaspora/members/me"
        # The welfare case as the worker sees it: shared notes and the thread, no internal note, no author.
        (followed,) = export["welfare_cases"]
        assert followed["id"] == case["id"] and followed["id"] != other_case["id"]
        assert [note["text"] for note in followed["notes"]] == [SHARED]
        assert [message["text"] for message in followed["messages"]] == ["Any news?", "Tomorrow."]
        entries = followed["notes"] + followed["messages"]
        assert all(entry["author_id"] is None and entry["visibility"] == "shared" for entry in entries)
        assert "assigned_to" not in followed and "reporter_id" not in followed
        assert INTERNAL not in (await client.get(EXPORT, headers=seeker)).text
        whole = await ok(await client.get(f"{API}/welfare-cases/{case['id']}", headers=officer))
        assert INTERNAL in [note["text"] for note in whole["notes"]]  # it exists, for officers only

        # The other worker's export holds their case only, and none of the first worker's records.
        theirs = await ok(await client.get(EXPORT, headers=other))
        assert [c["id"] for c in theirs["welfare_cases"]] == [other_case["id"]]
        assert theirs["returns"] == [] and theirs["applications"] == []
        assert theirs["orientation_enrolments"] == [] and theirs["orientation_certificates"] == []
        assert INTERNAL not in (await client.get(EXPORT, headers=other)).text

    async def test_the_new_sections_are_empty_lists_before_the_journey_and_refused_to_others(
        self, client: httpx.AsyncClient, seeker: Headers, owner: Headers, officer: Headers
    ) -> None:
        assert (await client.get(EXPORT, headers=seeker)).status_code == 404  # no profile yet
        await ok(await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker), 201)
        export = await ok(await client.get(EXPORT, headers=seeker))
        for section in ("orientation_enrolments", "orientation_certificates", "welfare_cases", "returns"):
            assert export[section] == [], section
        assert (await client.get(EXPORT)).status_code == 401
        for headers in (owner, officer):
            assert (await client.get(EXPORT, headers=headers)).status_code == 403
