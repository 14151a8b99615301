"""Pre-departure orientation: officers publish courses and sessions anyone can read; seekers with an
accepted placement enrol (never past a session's capacity, even at once); attendance issues
certificates anyone can check by code; and a departure may need a valid one."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, programme_body, published_vacancy, seeker_body
from sqlalchemy import update

from imis_jobs.config import JobsSettings
from imis_jobs.models import EVENT_TABLES
from imis_jobs.orientation.models import OrientationCertificate, OrientationSession
from imis_jobs.orientation.reminders import send_reminders
from imis_jobs.programmes.service import add_months
from imis_shared.db import Database, create_engine
from imis_testing import SigningKey
from imis_testing.events import notification_requests

API = "/api/v1/jobs"
ARTICLE = "6f1c2e0a-4b7d-4c55-9a0e-3d2b1f6e8c90"
CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$")


def course_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Living and working in Italy",
        "destination_country": "IT",
        "isco_group": "222",
        "language": "ar",
        "topics": [ARTICLE],
        "duration_hours": 8,
        "description": "Rights at work, contracts, health care, culture and the consulate's help.",
    }
    body.update(changes)
    return body


def session_body(course_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "course_id": course_id,
        "starts_at": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "mode": "in_person",
        "place": "Labour office, Nasr City, Cairo",
        "capacity": 20,
    }
    body.update(changes)
    return body


def field_errors(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


async def step(client: httpx.AsyncClient, application_id: str, to: str, headers: dict[str, str]) -> None:
    moved = await client.post(
        f"{API}/applications/{application_id}/transitions", json={"to": to}, headers=headers
    )
    assert moved.status_code == 200, moved.text


async def seeker_with(
    client: httpx.AsyncClient,
    key: SigningKey,
    name: str,
    vacancy: dict[str, Any] | None,
    owner: dict[str, str],
    to: str = "accepted",
) -> dict[str, Any]:
    """A job seeker (``user-<name>``) with a profile and, for ``vacancy``, an application moved to
    ``to`` (``submitted`` up to ``visa_issued``)."""
    headers = bearer(key, f"user-{name}", "job_seeker")
    created = await client.post(f"{API}/seekers/me", json=seeker_body(full_name=name), headers=headers)
    assert created.status_code == 201, created.text
    person: dict[str, Any] = {"headers": headers, "id": created.json()["id"]}
    if vacancy is None:
        return person
    applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=headers)
    assert applied.status_code == 201, applied.text
    person["application"] = applied.json()["id"]
    path = ["shortlisted", "offered", "accepted", "contract_signed", "visa_issued"]
    officer = bearer(key, "officer-1", "officer")
    for status in path[: path.index(to) + 1] if to != "submitted" else []:
        actor = {"accepted": headers, "contract_signed": officer, "visa_issued": officer}.get(status, owner)
        await step(client, person["application"], status, actor)
    return person


async def new_course(client: httpx.AsyncClient, officer: dict[str, str], **changes: Any) -> str:
    created = await client.post(f"{API}/orientation-courses", json=course_body(**changes), headers=officer)
    assert created.status_code == 201, created.text
    course_id: str = created.json()["id"]
    return course_id


async def new_session(
    client: httpx.AsyncClient, officer: dict[str, str], course_id: str, **changes: Any
) -> str:
    created = await client.post(
        f"{API}/orientation-sessions", json=session_body(course_id, **changes), headers=officer
    )
    assert created.status_code == 201, created.text
    session_id: str = created.json()["id"]
    return session_id


async def enrol(
    client: httpx.AsyncClient, session_id: str, headers: dict[str, str], **body: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/orientation-sessions/{session_id}/enrolments", json=body, headers=headers
    )


async def backdate(database_url: str, model: Any, row_id: str, **values: Any) -> None:
    """Move a session or certificate into the past, as time would."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(update(model).where(model.id == uuid.UUID(row_id)).values(**values))
    finally:
        await engine.dispose()


async def started(database_url: str, session_id: str) -> None:
    await backdate(
        database_url, OrientationSession, session_id, starts_at=datetime.now(UTC) - timedelta(hours=3)
    )


@pytest.fixture
async def vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
) -> dict[str, Any]:
    """A published vacancy in Italy, outside any programme."""
    return await published_vacancy(client, owner, officer)


class TestCourses:
    async def test_officers_publish_and_change_courses_anyone_reads_and_filters_them(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        italy = await new_course(client, officer)
        await new_course(
            client, officer, title="Arbeiten in Deutschland", destination_country="DE", language="en"
        )
        listed = (await client.get(f"{API}/orientation-courses")).json()
        assert listed["total"] == 2
        for query, titles in [
            ({"destination_country": "IT"}, ["Living and working in Italy"]),
            ({"language": "en"}, ["Arbeiten in Deutschland"]),
            ({"destination_country": "DE", "language": "ar"}, []),
        ]:
            found = await client.get(f"{API}/orientation-courses", params=query)
            assert [item["title"] for item in found.json()["items"]] == titles, query
        one = (await client.get(f"{API}/orientation-courses/{italy}")).json()
        assert one["topics"] == [ARTICLE] and one["isco_group"] == "222" and one["language"] == "ar"
        changed = await client.patch(
            f"{API}/orientation-courses/{italy}",
            json={"title": "Italy: work and life", "isco_group": None, "duration_hours": 12},
            headers=officer,
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["title"], changed.json()["isco_group"], changed.json()["duration_hours"]) == (
            "Italy: work and life",
            None,
            12,
        )
        assert (await client.get(f"{API}/orientation-courses/{uuid.uuid4()}")).status_code == 404
        bad = await client.get(f"{API}/orientation-courses", params={"destination_country": "XX"})
        assert bad.status_code == 422 and field_errors(bad) == {"destination_country"}

    async def test_only_officers_write(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
    ) -> None:
        course_id = await new_course(client, officer)
        seeker = bearer(signing_key, "someone", "job_seeker")
        writes = [
            ("post", f"{API}/orientation-courses", course_body()),
            ("patch", f"{API}/orientation-courses/{course_id}", {"title": "Mine now"}),
            ("post", f"{API}/orientation-sessions", session_body(course_id)),
        ]
        for method, url, body in writes:
            assert (await client.request(method, url, json=body)).status_code == 401, url
            for headers in (seeker, owner):
                assert (await client.request(method, url, json=body, headers=headers)).status_code == 403, url
        assert (await client.get(f"{API}/orientation-courses")).json()["total"] == 1
        assert (await client.get(f"{API}/orientation-courses/{course_id}/sessions")).json()["total"] == 0

    async def test_bad_course_input_names_the_field_and_writes_nothing(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        cases: list[tuple[dict[str, Any], str]] = [
            ({"isco_group": "2229"}, "isco_group"),  # no such ISCO-08 group
            ({"language": "zz"}, "language"),
            ({"destination_country": "XK1"}, "destination_country"),
            ({"topics": [ARTICLE, ARTICLE]}, "topics"),
            ({"topics": ["not-a-uuid"]}, "topics.0"),
            ({"duration_hours": 0}, "duration_hours"),
            ({"title": "  "}, "title"),
            ({"fee": 10}, "fee"),
        ]
        for changes, field in cases:
            response = await client.post(
                f"{API}/orientation-courses", json=course_body(**changes), headers=officer
            )
            assert response.status_code == 422, (changes, response.text)
            assert field in field_errors(response), (changes, response.text)
        assert (await client.get(f"{API}/orientation-courses")).json()["total"] == 0


class TestSessions:
    async def test_bad_session_input_names_the_field_and_writes_nothing(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        course_id = await new_course(client, officer)
        cases: list[tuple[dict[str, Any], str]] = [
            ({"starts_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat()}, "starts_at"),
            ({"starts_at": "2099-01-01T09:00:00"}, "starts_at"),  # no UTC offset
            ({"place": None}, "place"),
            ({"mode": "online", "place": None}, "online_link"),
            ({"mode": "online", "online_link": "http://meet.example/x"}, "online_link"),
            ({"capacity": 0}, "capacity"),
            ({"course_id": str(uuid.uuid4())}, "course_id"),
        ]
        for changes, field in cases:
            body = session_body(course_id) | changes
            response = await client.post(f"{API}/orientation-sessions", json=body, headers=officer)
            assert response.status_code == 422, (changes, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert field in field_errors(response), (changes, response.text)
        assert (await client.get(f"{API}/orientation-courses/{course_id}/sessions")).json()["total"] == 0
        online = session_body(course_id, mode="online", place=None, online_link="https://meet.example/orient")
        created = await client.post(f"{API}/orientation-sessions", json=online, headers=officer)
        assert created.status_code == 201, created.text
        assert created.json()["free_places"] == 20 and created.json()["enrolled"] == 0
        assert (await client.get(f"{API}/orientation-courses/{uuid.uuid4()}/sessions")).status_code == 404


class TestReminders:
    async def test_each_worker_enrolled_in_a_session_soon_is_reminded_once(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
        settings: JobsSettings,
    ) -> None:
        course = await new_course(client, officer, title="Living and working in Italy")
        soon = datetime.now(UTC) + timedelta(hours=3)
        tomorrow = await new_session(client, officer, course, starts_at=soon.isoformat())
        next_week = await new_session(client, officer, course)
        mona = await seeker_with(client, signing_key, "Mona Adel", vacancy, owner)
        karim = await seeker_with(client, signing_key, "Karim", vacancy, owner)
        for session_id in (tomorrow, next_week):
            assert (await enrol(client, session_id, mona["headers"])).status_code == 201
        left = (await enrol(client, tomorrow, karim["headers"])).json()
        assert (
            await client.post(
                f"{API}/orientation-enrolments/{left['id']}/cancellation", headers=karim["headers"]
            )
        ).status_code == 200
        database = Database(settings.database_url)
        try:
            assert await send_reminders(database, timedelta(hours=24)) == 1
            assert await send_reminders(database, timedelta(hours=24)) == 0
        finally:
            await database.dispose()
        told = [
            request
            for request in await notification_requests(settings.database_url, EVENT_TABLES)
            if request["kind"] == "orientation_reminder"
        ]
        assert told == [
            {
                "user_id": "user-Mona Adel",
                "kind": "orientation_reminder",
                "params": {
                    "session_id": tomorrow,
                    "course": "Living and working in Italy",
                    "starts_at": soon.strftime("%Y-%m-%d %H:%M UTC"),
                    "place": "Labour office, Nasr City, Cairo",
                },
            }
        ]


class TestEnrolment:
    async def test_a_seeker_with_an_accepted_placement_enrols_once_and_cancels(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer), capacity=3)
        mona = await seeker_with(client, signing_key, "Mona Adel", vacancy, owner)
        made = await enrol(client, session_id, mona["headers"])
        assert made.status_code == 201, made.text
        enrolment = made.json()
        assert (enrolment["status"], enrolment["seeker_id"], enrolment["enrolled_by"]) == (
            "enrolled",
            mona["id"],
            "user-Mona Adel",
        )
        held = (await client.get(f"{API}/orientation-sessions/{session_id}")).json()
        assert (held["enrolled"], held["free_places"]) == (1, 2)
        again = await enrol(client, session_id, mona["headers"], seeker_id=mona["id"])
        assert again.status_code == 409, again.text
        mine = (await client.get(f"{API}/seekers/me/orientation-enrolments", headers=mona["headers"])).json()
        assert [item["id"] for item in mine["items"]] == [enrolment["id"]]
        cancel_url = f"{API}/orientation-enrolments/{enrolment['id']}/cancellation"
        cancelled = await client.post(cancel_url, headers=mona["headers"])
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled", cancelled.text
        assert (await client.get(f"{API}/orientation-sessions/{session_id}")).json()["free_places"] == 3
        assert (await client.post(cancel_url, headers=mona["headers"])).status_code == 409
        assert (await enrol(client, session_id, mona["headers"])).status_code == 201
        assert (await client.get(f"{API}/orientation-sessions/{session_id}")).json()["enrolled"] == 1

    async def test_without_a_placement_in_the_course_country_the_refusal_says_why(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        italy = await new_session(client, officer, await new_course(client, officer))
        germany = await new_session(
            client, officer, await new_course(client, officer, destination_country="DE")
        )
        applied = await seeker_with(client, signing_key, "Applied Only", vacancy, owner, to="submitted")
        placed = await seeker_with(client, signing_key, "Placed Italy", vacancy, owner, to="visa_issued")
        for session_id, person in [(italy, applied), (germany, placed)]:
            refused = await enrol(client, session_id, person["headers"])
            assert refused.status_code == 409 and refused.json()["reason"] == "not_eligible", refused.text
            assert "accepted placement" in refused.json()["detail"]
        assert (await enrol(client, italy, placed["headers"])).status_code == 201
        no_profile = bearer(signing_key, "no-profile", "job_seeker")
        assert (await enrol(client, italy, no_profile)).status_code == 404
        assert (await enrol(client, str(uuid.uuid4()), placed["headers"])).status_code == 404
        assert (await client.get(f"{API}/orientation-sessions/{germany}")).json()["enrolled"] == 0

    async def test_an_officer_enrols_a_seeker_named_in_the_body(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer))
        person = await seeker_with(client, signing_key, "Walk In", vacancy, owner)
        for body in ({}, {"seeker_id": str(uuid.uuid4())}):
            refused = await enrol(client, session_id, officer, **body)
            assert refused.status_code == 422 and field_errors(refused) == {"seeker_id"}, refused.text
        assert (await client.get(f"{API}/orientation-sessions/{session_id}")).json()["enrolled"] == 0
        made = await enrol(client, session_id, officer, seeker_id=person["id"])
        assert made.status_code == 201, made.text
        assert made.json()["enrolled_by"] == "officer-1" and made.json()["seeker_name"] == "Walk In"
        listed = await client.get(f"{API}/orientation-sessions/{session_id}/enrolments", headers=officer)
        assert [item["seeker_name"] for item in listed.json()["items"]] == ["Walk In"]

    async def test_who_may_enrol_read_and_cancel(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer))
        mona = await seeker_with(client, signing_key, "Mona Adel", vacancy, owner)
        other = await seeker_with(client, signing_key, "Other Seeker", vacancy, owner)
        assert (await enrol(client, session_id, {})).status_code == 401
        assert (await enrol(client, session_id, owner)).status_code == 403
        assert (await enrol(client, session_id, other["headers"], seeker_id=mona["id"])).status_code == 403
        enrolment = (await enrol(client, session_id, mona["headers"])).json()
        url = f"{API}/orientation-enrolments/{enrolment['id']}"
        assert (await client.get(url, headers=mona["headers"])).status_code == 200
        assert (await client.get(url, headers=officer)).status_code == 200
        assert (await client.get(url, headers=other["headers"])).status_code == 404
        assert (await client.get(url, headers=owner)).status_code == 403
        assert (await client.get(url)).status_code == 401
        assert (await client.post(f"{url}/cancellation", headers=other["headers"])).status_code == 404
        assert (await client.post(f"{url}/cancellation", headers=owner)).status_code == 403
        assert (await client.post(f"{url}/cancellation")).status_code == 401
        mine = await client.get(f"{API}/seekers/me/orientation-enrolments", headers=other["headers"])
        assert mine.json()["total"] == 0
        attendance_list = f"{API}/orientation-sessions/{session_id}/enrolments"
        assert (await client.get(attendance_list)).status_code == 401
        for headers in (mona["headers"], owner):
            assert (await client.get(attendance_list, headers=headers)).status_code == 403
        assert (await client.get(url, headers=mona["headers"])).json()["status"] == "enrolled"

    async def test_capacity_holds_under_concurrent_enrolments(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer), capacity=2)
        people = [await seeker_with(client, signing_key, f"Seeker {n}", vacancy, owner) for n in range(6)]
        responses = await asyncio.gather(*(enrol(client, session_id, person["headers"]) for person in people))
        assert sorted(response.status_code for response in responses) == [201, 201, 409, 409, 409, 409]
        assert all(r.json()["reason"] == "session_full" for r in responses if r.status_code == 409)
        held = (await client.get(f"{API}/orientation-sessions/{session_id}")).json()
        assert (held["enrolled"], held["free_places"]) == (2, 0)
        listed = await client.get(f"{API}/orientation-sessions/{session_id}/enrolments", headers=officer)
        assert listed.json()["total"] == 2

    async def test_a_started_session_takes_no_enrolments_and_no_cancellations(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        database_url: str,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer))
        mona = await seeker_with(client, signing_key, "Mona Adel", vacancy, owner)
        late = await seeker_with(client, signing_key, "Late Comer", vacancy, owner)
        enrolment = (await enrol(client, session_id, mona["headers"])).json()
        await started(database_url, session_id)
        assert (await enrol(client, session_id, late["headers"])).status_code == 409
        cancel = f"{API}/orientation-enrolments/{enrolment['id']}/cancellation"
        assert (await client.post(cancel, headers=mona["headers"])).status_code == 409
        assert (await client.get(f"{API}/orientation-sessions/{session_id}")).json()["enrolled"] == 1


class TestAttendanceAndCertificates:
    async def test_attendance_issues_a_certificate_anyone_can_check_and_a_correction_revokes_it(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        database_url: str,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer))
        mona = await seeker_with(client, signing_key, "Mona Adel Hassan", vacancy, owner)
        enrolment = (await enrol(client, session_id, mona["headers"])).json()
        attendance = f"{API}/orientation-enrolments/{enrolment['id']}/attendance"
        early = await client.post(attendance, json={"attendance": "attended"}, headers=officer)
        assert early.status_code == 409, early.text
        await started(database_url, session_id)
        attended = await client.post(attendance, json={"attendance": "attended"}, headers=officer)
        assert attended.status_code == 200, attended.text
        code = attended.json()["certificate_code"]
        assert CODE.match(code) and attended.json()["attendance"] == "attended"
        again = await client.post(attendance, json={"attendance": "attended"}, headers=officer)
        assert again.json()["certificate_code"] == code  # issued once
        mine = (
            await client.get(f"{API}/seekers/me/orientation-certificates", headers=mona["headers"])
        ).json()
        assert mine["total"] == 1
        held = mine["items"][0]
        completed = date.fromisoformat(held["completed_on"])
        assert held["status"] == "valid" and held["destination_country"] == "IT"
        assert date.fromisoformat(held["valid_until"]) == add_months(completed, 24)
        checked = await client.get(f"{API}/orientation-certificates/{code}")
        assert checked.status_code == 200, checked.text
        assert checked.json() == {
            "code": code,
            "holder_initials": "M. H.",
            "course_title": "Living and working in Italy",
            "completed_on": held["completed_on"],
            "status": "valid",
        }
        absent = await client.post(attendance, json={"attendance": "absent"}, headers=officer)
        assert absent.status_code == 200 and absent.json()["certificate_code"] is None, absent.text
        assert (await client.get(f"{API}/orientation-certificates/{code}")).json()["status"] == "revoked"
        reattended = await client.post(attendance, json={"attendance": "attended"}, headers=officer)
        second = reattended.json()["certificate_code"]
        assert second and second != code
        revoked = await client.post(
            f"{API}/orientation-certificates/{second}/revocation",
            json={"reason": "Attended under another person's name."},
            headers=officer,
        )
        assert revoked.status_code == 200 and revoked.json()["status"] == "revoked", revoked.text
        assert revoked.json()["revoked_by"] == "officer-1"
        twice = await client.post(
            f"{API}/orientation-certificates/{second}/revocation", json={"reason": "Again."}, headers=officer
        )
        assert twice.status_code == 409
        theirs = await client.get(f"{API}/seekers/{mona['id']}/orientation-certificates", headers=officer)
        reasons = sorted(item["revocation_reason"] for item in theirs.json()["items"])
        assert reasons == ["Attended under another person's name.", "attendance corrected"]

    async def test_the_public_check_answers_by_code_only(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        database_url: str,
        settings: JobsSettings,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        settings.orientation_certificate_months = 6
        session_id = await new_session(client, officer, await new_course(client, officer))
        person = await seeker_with(client, signing_key, "Aziz", vacancy, owner)
        enrolment = (await enrol(client, session_id, person["headers"])).json()
        await started(database_url, session_id)
        attended = await client.post(
            f"{API}/orientation-enrolments/{enrolment['id']}/attendance",
            json={"attendance": "attended"},
            headers=officer,
        )
        code = attended.json()["certificate_code"]
        mine = (
            await client.get(f"{API}/seekers/me/orientation-certificates", headers=person["headers"])
        ).json()
        completed = date.fromisoformat(mine["items"][0]["completed_on"])
        assert date.fromisoformat(mine["items"][0]["valid_until"]) == add_months(completed, 6)
        assert (await client.get(f"{API}/orientation-certificates/{code}")).json()["holder_initials"] == "A."
        certificate_id = mine["items"][0]["id"]
        await backdate(
            database_url, OrientationCertificate, certificate_id, valid_until=date.today() - timedelta(1)
        )
        assert (await client.get(f"{API}/orientation-certificates/{code}")).json()["status"] == "expired"
        for bad in (code.lower(), "0000000000", code[:9], code + "A"):
            response = await client.get(f"{API}/orientation-certificates/{bad}")
            assert response.status_code == 422 and field_errors(response) == {"code"}, bad
        unknown = "".join(reversed(code)) if "".join(reversed(code)) != code else "ABCDEFGHJK"
        assert (await client.get(f"{API}/orientation-certificates/{unknown}")).status_code == 404

    async def test_only_officers_take_attendance_revoke_and_read_a_seekers_certificates(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, Any],
    ) -> None:
        session_id = await new_session(client, officer, await new_course(client, officer))
        mona = await seeker_with(client, signing_key, "Mona Adel", vacancy, owner)
        enrolment = (await enrol(client, session_id, mona["headers"])).json()
        writes = [
            (f"{API}/orientation-enrolments/{enrolment['id']}/attendance", {"attendance": "attended"}),
            (f"{API}/orientation-certificates/ABCDEFGHJK/revocation", {"reason": "Because."}),
        ]
        for url, body in writes:
            assert (await client.post(url, json=body)).status_code == 401
            for headers in (mona["headers"], owner):
                assert (await client.post(url, json=body, headers=headers)).status_code == 403
        theirs = f"{API}/seekers/{mona['id']}/orientation-certificates"
        for headers in (mona["headers"], owner):
            assert (await client.get(theirs, headers=headers)).status_code == 403
        assert (await client.get(theirs)).status_code == 401
        assert (
            await client.get(f"{API}/seekers/{uuid.uuid4()}/orientation-certificates", headers=officer)
        ).status_code == 404
        assert (
            await client.get(f"{API}/seekers/me/orientation-certificates", headers=owner)
        ).status_code == 403
        bad = await client.post(writes[0][0], json={"attendance": "late"}, headers=officer)
        assert bad.status_code == 422 and field_errors(bad) == {"attendance"}


async def departure_scene(
    client: httpx.AsyncClient,
    key: SigningKey,
    officer: dict[str, str],
    owner: dict[str, str],
    orientation_required: bool | None = None,
    in_programme: bool = True,
) -> dict[str, Any]:
    """A worker with a visa for a vacancy in Italy: in a programme saying ``orientation_required``
    (the key left out for None), or outside any programme."""
    programme_id = None
    if in_programme:
        extra = {} if orientation_required is None else {"orientation_required": orientation_required}
        programme = await client.post(f"{API}/programmes", json=programme_body(**extra), headers=officer)
        assert programme.status_code == 201, programme.text
        assert programme.json()["orientation_required"] == orientation_required
        programme_id = programme.json()["id"]
    vacancy = await published_vacancy(client, owner, officer, programme_id=programme_id)
    return await seeker_with(client, key, "Mona Adel", vacancy, owner, to="visa_issued")


async def depart(
    client: httpx.AsyncClient, person: dict[str, Any], officer: dict[str, str]
) -> httpx.Response:
    return await client.post(
        f"{API}/applications/{person['application']}/transitions", json={"to": "departed"}, headers=officer
    )


async def certify(
    client: httpx.AsyncClient,
    database_url: str,
    officer: dict[str, str],
    person: dict[str, Any],
    country: str,
) -> None:
    session_id = await new_session(
        client, officer, await new_course(client, officer, destination_country=country)
    )
    enrolment = (await enrol(client, session_id, officer, seeker_id=person["id"])).json()
    await started(database_url, session_id)
    attended = await client.post(
        f"{API}/orientation-enrolments/{enrolment['id']}/attendance",
        json={"attendance": "attended"},
        headers=officer,
    )
    assert attended.json()["certificate_code"], attended.text


class TestDepartureGate:
    async def test_a_programme_requiring_orientation_refuses_a_departure_without_a_valid_certificate(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        database_url: str,
        officer: dict[str, str],
        owner: dict[str, str],
    ) -> None:
        person = await departure_scene(client, signing_key, officer, owner, orientation_required=True)
        refused = await depart(client, person, officer)
        assert refused.status_code == 409, refused.text
        assert refused.json()["reason"] == "orientation_required"
        assert "a valid orientation certificate for a course to IT" in refused.json()["detail"]
        assert refused.json()["type"].endswith(":invalid-state")
        await certify(client, database_url, officer, person, "IT")
        departed = await depart(client, person, officer)
        assert departed.status_code == 200 and departed.json()["status"] == "departed", departed.text

    async def test_on_acceptance_the_worker_learns_the_certificate_they_still_need(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        settings: JobsSettings,
    ) -> None:
        required = await departure_scene(client, signing_key, officer, owner, orientation_required=True)
        told = [
            request
            for request in await notification_requests(settings.database_url, EVENT_TABLES)
            if request["kind"] == "documents_needed"
        ]
        assert [(t["user_id"], t["params"]["application_id"], t["params"]["needed"]) for t in told] == [
            ("user-Mona Adel", required["application"], "orientation_required")
        ]

    async def test_a_revoked_certificate_does_not_count(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        database_url: str,
        officer: dict[str, str],
        owner: dict[str, str],
    ) -> None:
        person = await departure_scene(client, signing_key, officer, owner, orientation_required=True)
        await certify(client, database_url, officer, person, "IT")
        theirs = await client.get(f"{API}/seekers/{person['id']}/orientation-certificates", headers=officer)
        code = theirs.json()["items"][0]["code"]
        revoked = await client.post(
            f"{API}/orientation-certificates/{code}/revocation", json={"reason": "Forged."}, headers=officer
        )
        assert revoked.status_code == 200
        assert (await depart(client, person, officer)).json()["reason"] == "orientation_required"

    async def test_a_programme_saying_no_overrides_the_ministry_default(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        settings: JobsSettings,
        officer: dict[str, str],
        owner: dict[str, str],
    ) -> None:
        settings.orientation_required = True
        person = await departure_scene(client, signing_key, officer, owner, orientation_required=False)
        departed = await depart(client, person, officer)
        assert departed.status_code == 200, departed.text

    @pytest.mark.parametrize("in_programme", [True, False])
    async def test_the_ministry_default_applies_when_the_programme_is_silent_or_there_is_none(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        settings: JobsSettings,
        officer: dict[str, str],
        owner: dict[str, str],
        in_programme: bool,
    ) -> None:
        settings.orientation_required = True
        person = await departure_scene(client, signing_key, officer, owner, in_programme=in_programme)
        refused = await depart(client, person, officer)
        assert refused.status_code == 409 and refused.json()["reason"] == "orientation_required", refused.text

    async def test_by_default_nothing_changes(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
    ) -> None:
        person = await departure_scene(client, signing_key, officer, owner, orientation_required=None)
        assert (await depart(client, person, officer)).status_code == 200

    async def test_officers_set_and_clear_a_programmes_requirement(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = (await client.post(f"{API}/programmes", json=programme_body(), headers=officer)).json()
        assert programme["orientation_required"] is None
        url = f"{API}/programmes/{programme['id']}"
        for value in (True, None, False):
            changed = await client.patch(url, json={"orientation_required": value}, headers=officer)
            assert changed.status_code == 200 and changed.json()["orientation_required"] is value, (
                changed.text
            )
        bad = await client.patch(url, json={"orientation_required": "yes"}, headers=officer)
        assert bad.status_code == 422 and field_errors(bad) == {"orientation_required"}
        assert (await client.get(url)).json()["orientation_required"] is False
