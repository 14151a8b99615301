"""Officers record checks on job seekers; who reads them, how much, and what pre-screening makes of them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, programme_body, published_vacancy, seeker_body, today

from imis_jobs.config import JobsSettings
from imis_testing import SigningKey

API = "/api/v1/jobs"
NEXT_YEAR = (today() + timedelta(days=365)).isoformat()


def check(kind: str, **changes: Any) -> dict[str, Any]:
    """A passed check of ``kind`` made last week, valid for a year."""
    body: dict[str, Any] = {
        "kind": kind,
        "outcome": "passed",
        "checked_on": (today() - timedelta(days=7)).isoformat(),
        "valid_until": NEXT_YEAR,
    }
    body.update(KIND_FIELDS[kind])
    body.update(changes)
    return body


KIND_FIELDS: dict[str, dict[str, Any]] = {
    "skill_test": {"skill_id": "", "level": "advanced", "score": 88},
    "language_test": {
        "language": "it",
        "reading": "B2",
        "writing": "B1",
        "listening": "B2",
        "speaking": "B1",
    },
    "credential": {
        "isced_level": 6,
        "field_of_study": "Nursing",
        "institution": "Cairo University",
        "issuing_country": "EG",
        "recognition": "recognised",
        "recognition_country": "IT",
    },
    "medical_fitness": {"notes": "Hepatitis B vaccinated; mild asthma, controlled."},
    "police_clearance": {"issuing_country": "EG", "evidence_reference": "PC-2026-118822"},
    "interview": {"notes": "Motivated; strong clinical answers."},
}


@pytest.fixture
async def skill_id(client: httpx.AsyncClient) -> str:
    found = await client.get(f"{API}/skills", params={"q": "administer medication", "limit": 1})
    assert found.status_code == 200, found.text
    skill: str = found.json()["items"][0]["id"]
    KIND_FIELDS["skill_test"]["skill_id"] = skill
    return skill


@pytest.fixture
async def seeker_id(client: httpx.AsyncClient, seeker: dict[str, str]) -> str:
    created = await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)
    assert created.status_code == 201, created.text
    found: str = created.json()["id"]
    return found


async def record(
    client: httpx.AsyncClient, seeker_id: str, officer: dict[str, str], body: dict[str, Any]
) -> Any:
    response = await client.post(
        f"{API}/verifications", json=body | {"seeker_id": seeker_id}, headers=officer
    )
    assert response.status_code == 201, response.text
    return response.json()


def field_errors(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


class TestRecording:
    async def test_an_officer_records_every_kind_and_the_seeker_reads_them_all(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        seeker: dict[str, str],
        seeker_id: str,
        skill_id: str,
    ) -> None:
        for kind in KIND_FIELDS:
            made = await record(client, seeker_id, officer, check(kind))
            assert made["kind"] == kind and made["outcome"] == "passed" and made["state"] == "valid"
            assert made["officer_id"] == "officer-1" and made["seeker_id"] == seeker_id
        mine = (await client.get(f"{API}/seekers/me/verifications", headers=seeker)).json()
        assert mine["total"] == 6
        by_kind = {item["kind"]: item for item in mine["items"]}
        assert by_kind["skill_test"]["skill_id"] == skill_id and by_kind["skill_test"]["skill_label"]
        assert by_kind["skill_test"]["level"] == "advanced" and by_kind["skill_test"]["score"] == 88
        assert (by_kind["language_test"]["writing"], by_kind["language_test"]["speaking"]) == ("B1", "B1")
        assert by_kind["credential"]["recognition"] == "recognised"
        assert by_kind["medical_fitness"]["notes"].startswith("Hepatitis")
        assert by_kind["police_clearance"]["evidence_reference"] == "PC-2026-118822"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"checked_on": (today() + timedelta(days=1)).isoformat()}, "checked_on"),
            ({"valid_until": (today() - timedelta(days=30)).isoformat()}, "valid_until"),
            ({"skill_id": "11111111-1111-4111-8111-111111111111"}, "skill_id"),
            ({"outcome": "excellent"}, "outcome"),
            ({"language": "it"}, "language"),  # a language test's field on a skill test
        ],
    )
    async def test_bad_input_names_the_field_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        seeker_id: str,
        skill_id: str,
        changes: dict[str, Any],
        field: str,
    ) -> None:
        body = check("skill_test", seeker_id=seeker_id, **changes)
        response = await client.post(f"{API}/verifications", json=body, headers=officer)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert any(name.endswith(field) for name in field_errors(response)), response.text
        listed = await client.get(f"{API}/seekers/{seeker_id}/verifications", headers=officer)
        assert listed.json()["total"] == 0

    async def test_an_unknown_kind_and_an_unknown_programme_are_refused(
        self, client: httpx.AsyncClient, officer: dict[str, str], seeker_id: str
    ) -> None:
        url = f"{API}/verifications"
        body = check("interview", seeker_id=seeker_id)
        unknown = await client.post(url, json=body | {"kind": "horoscope"}, headers=officer)
        assert unknown.status_code == 422 and field_errors(unknown) == {"kind"}, unknown.text
        ghost = body | {"programme_id": "00000000-0000-4000-8000-000000000000"}
        refused = await client.post(url, json=ghost, headers=officer)
        assert refused.status_code == 422 and field_errors(refused) == {"programme_id"}, refused.text

    async def test_an_unknown_seeker_is_422_naming_it(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        ghost = check("interview", seeker_id="00000000-0000-4000-8000-000000000000")
        response = await client.post(f"{API}/verifications", json=ghost, headers=officer)
        assert response.status_code == 422 and field_errors(response) == {"seeker_id"}, response.text

    async def test_only_officers_in_person_record(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        owner: dict[str, str],
        seeker: dict[str, str],
        seeker_id: str,
    ) -> None:
        url, body = f"{API}/verifications", check("interview", seeker_id=seeker_id)
        machine = client_bearer(signing_key, "partner", "jobs:read jobs:seekers:read")
        admin = bearer(signing_key, "admin-1", "admin")
        for headers, status in ((owner, 403), (seeker, 403), (machine, 403), ({}, 401)):
            response = await client.post(url, json=body, headers=headers)
            assert response.status_code == status, response.text
        assert (await client.post(url, json=body, headers=admin)).status_code == 201


class TestRevocation:
    async def test_a_revoked_check_stays_on_record_and_cannot_be_revoked_twice(
        self, client: httpx.AsyncClient, officer: dict[str, str], seeker: dict[str, str], seeker_id: str
    ) -> None:
        made = await record(client, seeker_id, officer, check("interview"))
        url = f"{API}/verifications/{made['id']}/revocation"
        assert (await client.post(url, json={"reason": "x"}, headers=seeker)).status_code == 403
        revoked = await client.post(url, json={"reason": "Recorded on the wrong person."}, headers=officer)
        assert revoked.status_code == 200, revoked.text
        assert revoked.json()["state"] == "revoked" and revoked.json()["revoked_by"] == "officer-1"
        again = await client.post(url, json={"reason": "again"}, headers=officer)
        assert again.status_code == 409, again.text
        blank = await client.post(url, json={"reason": "  "}, headers=officer)
        assert blank.status_code == 422
        mine = (await client.get(f"{API}/seekers/me/verifications", headers=seeker)).json()
        assert [item["state"] for item in mine["items"]] == ["revoked"]
        assert mine["items"][0]["revocation_reason"] == "Recorded on the wrong person."

    async def test_an_unknown_check_is_404(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        response = await client.post(
            f"{API}/verifications/00000000-0000-4000-8000-000000000000/revocation",
            json={"reason": "wrong"},
            headers=officer,
        )
        assert response.status_code == 404


class TestWhatEmployersSee:
    async def test_outcomes_of_applicants_only_never_notes_evidence_or_medical_details(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
        seeker_id: str,
        skill_id: str,
    ) -> None:
        for kind in ("medical_fitness", "police_clearance", "language_test"):
            await record(client, seeker_id, officer, check(kind))
        wrong = await record(client, seeker_id, officer, check("interview"))
        await client.post(
            f"{API}/verifications/{wrong['id']}/revocation", json={"reason": "duplicate"}, headers=officer
        )
        url = f"{API}/seekers/{seeker_id}/verifications"
        vacancy = await published_vacancy(client, owner, officer)
        before = await client.get(url, headers=owner)
        assert before.status_code == 404, before.text  # not in the employer's pipeline yet
        applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        assert applied.status_code == 201, applied.text
        seen = await client.get(url, headers=owner)
        assert seen.status_code == 200, seen.text
        items = seen.json()["items"]
        assert sorted(item["kind"] for item in items) == [
            "language_test",
            "medical_fitness",
            "police_clearance",
        ]
        for item in items:
            assert not {"notes", "evidence_reference", "officer_id", "revocation_reason"} & set(item)
        assert "Hepatitis" not in seen.text and "PC-2026" not in seen.text

    async def test_others_are_refused(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
        seeker_id: str,
    ) -> None:
        url = f"{API}/seekers/{seeker_id}/verifications"
        unverified_employer = bearer(signing_key, "employer-without-company", "employer")
        machine = client_bearer(signing_key, "partner", "jobs:read jobs:seekers:read")
        for headers, status in ((unverified_employer, 403), (seeker, 403), (machine, 403), ({}, 401)):
            assert (await client.get(url, headers=headers)).status_code == status, headers
        assert (await client.get(url, headers=officer)).status_code == 200


class TestPrescreening:
    async def test_the_ministry_default_and_what_makes_a_check_not_count(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        officer: dict[str, str],
        seeker: dict[str, str],
        seeker_id: str,
    ) -> None:
        settings.prescreening_requires = ["interview", "police_clearance"]  # type: ignore[list-item]
        url = f"{API}/seekers/{seeker_id}/prescreening"
        status = (await client.get(url, headers=officer)).json()
        assert status["prescreened"] is False
        assert status["missing"] == ["interview", "police_clearance"]
        await record(client, seeker_id, officer, check("interview", outcome="failed"))
        expired = check("police_clearance", checked_on=(today() - timedelta(days=400)).isoformat())
        expired["valid_until"] = (today() - timedelta(days=1)).isoformat()
        await record(client, seeker_id, officer, expired)
        status = (await client.get(url, headers=officer)).json()
        assert status["missing"] == ["interview", "police_clearance"]  # failed, expired
        interview = await record(client, seeker_id, officer, check("interview"))
        await record(client, seeker_id, officer, check("police_clearance", valid_until=None))
        mine = (await client.get(f"{API}/seekers/me/prescreening", headers=seeker)).json()
        assert mine["prescreened"] is True and mine["missing"] == []
        assert {held["kind"]: held["valid_until"] for held in mine["held"]} == {
            "interview": NEXT_YEAR,
            "police_clearance": None,
        }
        await client.post(
            f"{API}/verifications/{interview['id']}/revocation", json={"reason": "irregular"}, headers=officer
        )
        assert (await client.get(url, headers=officer)).json()["missing"] == ["interview"]

    async def test_a_programme_names_its_own_checks(
        self, client: httpx.AsyncClient, officer: dict[str, str], seeker_id: str
    ) -> None:
        created = await client.post(
            f"{API}/programmes",
            json=programme_body(required_verifications=["language_test", "medical_fitness"]),
            headers=officer,
        )
        assert created.status_code == 201, created.text
        assert created.json()["required_verifications"] == ["language_test", "medical_fitness"]
        programme_id = created.json()["id"]
        await record(client, seeker_id, officer, check("medical_fitness"))
        status = await client.get(
            f"{API}/seekers/{seeker_id}/prescreening", params={"programme_id": programme_id}, headers=officer
        )
        assert status.json()["requires"] == ["language_test", "medical_fitness"]
        assert status.json()["missing"] == ["language_test"]
        twice = await client.post(
            f"{API}/programmes",
            json=programme_body(required_verifications=["interview", "interview"]),
            headers=officer,
        )
        assert twice.status_code == 422
        unknown = await client.get(
            f"{API}/seekers/{seeker_id}/prescreening",
            params={"programme_id": "00000000-0000-4000-8000-000000000000"},
            headers=officer,
        )
        assert unknown.status_code == 422 and field_errors(unknown) == {"programme_id"}

    async def test_only_officers_and_the_seeker_read_it(
        self, client: httpx.AsyncClient, owner: dict[str, str], seeker: dict[str, str], seeker_id: str
    ) -> None:
        url = f"{API}/seekers/{seeker_id}/prescreening"
        assert (await client.get(url, headers=owner)).status_code == 403
        assert (await client.get(url, headers=seeker)).status_code == 403
        assert (await client.get(f"{API}/seekers/me/prescreening", headers=owner)).status_code == 403
