"""Returns home and reintegration: who records a return and what it takes, the plan (referrals and
follow-ups), the returnee pool and its consent, and the suppressed return statistics."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import (
    SPECIALIST_NURSE,
    bearer,
    client_bearer,
    employer_body,
    programme_body,
    published_vacancy,
    seeker_body,
    today,
    vacancy_body,
)

from imis_jobs.programmes.service import add_months
from imis_testing import SigningKey

API = "/api/v1/jobs"
Headers = dict[str, str]
UNKNOWN = "1f0e7c6a-1111-4111-8111-111111111111"


@pytest.fixture
async def vacancy(client: httpx.AsyncClient, owner: Headers, officer: Headers) -> dict[str, Any]:
    return await published_vacancy(client, owner, officer)


@pytest.fixture
async def profile(client: httpx.AsyncClient, seeker: Headers) -> dict[str, Any]:
    created = await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.fixture
async def skill_ids(client: httpx.AsyncClient) -> list[str]:
    found = await client.get(f"{API}/skills", params={"q": "administer medication", "limit": 2})
    assert found.status_code == 200, found.text
    return [item["id"] for item in found.json()["items"]]


async def to_departed(
    client: httpx.AsyncClient, seeker: Headers, owner: Headers, officer: Headers, vacancy: dict[str, Any]
) -> str:
    applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
    assert applied.status_code == 201, applied.text
    application_id: str = applied.json()["id"]
    for headers, to in [
        (owner, "shortlisted"),
        (owner, "offered"),
        (seeker, "accepted"),
        (officer, "contract_signed"),
        (officer, "visa_issued"),
        (officer, "departed"),
    ]:
        response = await client.post(
            f"{API}/applications/{application_id}/transitions", json={"to": to}, headers=headers
        )
        assert response.status_code == 200, (to, response.text)
    return application_id


def a_return(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"returned_on": today().isoformat(), "reason": "contract_completed"}
    body.update(changes)
    return body


async def record(client: httpx.AsyncClient, headers: Headers, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"{API}/returns", json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def application(client: httpx.AsyncClient, officer: Headers, application_id: str) -> dict[str, Any]:
    response = await client.get(f"{API}/applications/{application_id}", headers=officer)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def fields_of(response: httpx.Response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


class TestRecordingAReturn:
    async def test_the_worker_records_their_return_and_the_placement_takes_the_step(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        skill_ids: list[str],
    ) -> None:
        application_id = await to_departed(client, seeker, owner, officer, vacancy)
        created = await record(
            client,
            seeker,
            a_return(
                application_id=application_id,
                skills_gained=skill_ids,
                qualifications_gained=["Italian nursing registration"],
                savings_and_remittance_plans="Open a pharmacy with my savings.",
                needs=["business_start_up", "training"],
                joins_returnee_pool=True,
            ),
        )
        assert created["returned_from"] == "IT" and created["occupation_id"] == SPECIALIST_NURSE
        assert created["recorded_as"] == "seeker" and created["joins_returnee_pool"] is True
        assert [s["skill_id"] for s in created["skills_gained"]] == sorted(skill_ids)
        assert all(s["label"] for s in created["skills_gained"])
        assert created["diaspora_invitation_url"] == "/api/v1/diaspora/members/me"
        assert [(f["month"], f["due_on"]) for f in created["follow_ups"]] == [
            (months, add_months(today(), months).isoformat()) for months in (3, 6, 12)
        ]
        placement = await application(client, officer, application_id)
        assert placement["status"] == "returned"
        last = placement["timeline"][-1]
        assert (last["from_status"], last["to_status"], last["actor"]) == ("departed", "returned", "seeker")
        again = await client.post(
            f"{API}/returns", json=a_return(application_id=application_id), headers=seeker
        )
        assert again.status_code == 409
        mine = (await client.get(f"{API}/seekers/me/returns", headers=seeker)).json()
        assert mine["total"] == 1 and mine["items"][0]["id"] == created["id"]

    async def test_an_officer_records_one_without_the_consent_and_the_worker_agrees_later(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        officer: Headers,
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        created = await record(
            client, officer, a_return(seeker_id=profile["id"], returned_from="DE", reason="personal")
        )
        assert created["recorded_as"] == "officer" and created["joins_returnee_pool"] is False
        assert created["application_id"] is None and created["returned_from"] == "DE"
        assert created["occupation_id"] == SPECIALIST_NURSE  # the seeker's main occupation
        assert created["diaspora_invitation_url"] is None  # the worker's own view carries it
        own = await client.get(f"{API}/returns/{created['id']}", headers=seeker)
        assert (
            own.status_code == 200 and own.json()["diaspora_invitation_url"] == "/api/v1/diaspora/members/me"
        )
        path = f"{API}/seekers/me/returns/{created['id']}"
        agreed = await client.patch(path, json={"joins_returnee_pool": True}, headers=seeker)
        assert agreed.status_code == 200 and agreed.json()["joins_returnee_pool"] is True
        other = bearer(signing_key, "seeker-2", "job_seeker")
        await client.post(f"{API}/seekers/me", json=seeker_body(email="b@example.org"), headers=other)
        assert (await client.get(f"{API}/returns/{created['id']}", headers=other)).status_code == 404
        assert (
            await client.patch(path, json={"joins_returnee_pool": False}, headers=other)
        ).status_code == 404
        assert (
            await client.patch(path, json={"joins_returnee_pool": False}, headers=officer)
        ).status_code == 403
        assert (await client.get(f"{API}/returns/{created['id']}", headers=officer)).status_code == 200
        assert (await client.get(f"{API}/returns/{UNKNOWN}", headers=officer)).status_code == 404

    async def test_a_placement_the_officer_returned_keeps_its_step_and_a_return_obligation_is_judged(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        first = await to_departed(client, seeker, owner, officer, vacancy)
        returned = await client.post(
            f"{API}/applications/{first}/transitions", json={"to": "returned"}, headers=officer
        )
        assert returned.status_code == 200
        created = await record(client, officer, a_return(seeker_id=profile["id"], application_id=first))
        placement = await application(client, officer, first)
        assert [e["to_status"] for e in placement["timeline"]].count("returned") == 1
        assert created["returned_as_agreed"] is None
        programme = (
            await client.post(
                f"{API}/programmes",
                json=programme_body(return_obligation=True, max_stay_months=12),
                headers=officer,
            )
        ).json()
        body = vacancy_body(vacancy["employer"]["id"], programme_id=programme["id"], title="Programme nurse")
        in_programme = (await client.post(f"{API}/vacancies", json=body, headers=owner)).json()
        published = await client.post(
            f"{API}/vacancies/{in_programme['id']}/status", json={"status": "published"}, headers=owner
        )
        assert published.status_code == 200, published.text
        second = await to_departed(client, seeker, owner, officer, in_programme)
        created = await record(client, seeker, a_return(application_id=second, joins_returnee_pool=True))
        assert created["returned_as_agreed"] is True  # back before the return date
        assert (await application(client, officer, second))["returned_as_agreed"] is True

    async def test_a_placement_that_has_not_departed_is_refused(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        response = await client.post(
            f"{API}/returns", json=a_return(application_id=applied.json()["id"]), headers=seeker
        )
        assert response.status_code == 409
        assert (await client.get(f"{API}/seekers/me/returns", headers=seeker)).json()["total"] == 0

    @pytest.mark.parametrize(
        ("who", "changes", "field"),
        [
            ("seeker", {"returned_on": (today() + timedelta(days=1)).isoformat()}, "returned_on"),
            (
                "seeker",
                {"returned_on": (today() - timedelta(days=1)).isoformat()},
                "returned_on",
            ),  # before departure
            ("seeker", {"application_id": None, "returned_from": None}, "returned_from"),
            ("seeker", {"returned_from": "XX"}, "returned_from"),
            ("seeker", {"skills_gained": [UNKNOWN]}, "skills_gained.0"),
            ("seeker", {"skills_gained": ["x"]}, "skills_gained.0"),
            ("seeker", {"needs": ["housing", "housing"]}, "needs"),
            ("seeker", {"needs": ["money"]}, "needs.0"),
            ("seeker", {"reason": "bored"}, "reason"),
            ("seeker", {"seeker_id": UNKNOWN}, "seeker_id"),
            ("seeker", {"returned_as_agreed": True}, "returned_as_agreed"),
            ("seeker", {"application_id": UNKNOWN}, "application_id"),
            ("seeker", {"phone": "+39 06 1234 5678"}, "phone"),
            ("officer", {}, "seeker_id"),
            ("officer", {"seeker_id": "mine", "joins_returnee_pool": True}, "joins_returnee_pool"),
            ("officer", {"seeker_id": UNKNOWN}, "seeker_id"),
        ],
    )
    async def test_bad_input_names_the_field_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        who: str,
        changes: dict[str, Any],
        field: str,
    ) -> None:
        application_id = await to_departed(client, seeker, owner, officer, vacancy)
        body = a_return(application_id=application_id) | changes
        if body.get("seeker_id") == "mine":
            body["seeker_id"] = profile["id"]
        headers = seeker if who == "seeker" else officer
        response = await client.post(f"{API}/returns", json=body, headers=headers)
        assert response.status_code == 422 and fields_of(response) == [field], response.text
        assert (await client.get(f"{API}/returns", headers=officer)).json()["total"] == 0
        assert (await application(client, officer, application_id))["status"] == "departed"

    async def test_another_workers_placement_is_refused_naming_it(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        application_id = await to_departed(client, seeker, owner, officer, vacancy)
        other = bearer(signing_key, "seeker-2", "job_seeker")
        await client.post(f"{API}/seekers/me", json=seeker_body(email="b@example.org"), headers=other)
        response = await client.post(
            f"{API}/returns", json=a_return(application_id=application_id), headers=other
        )
        assert response.status_code == 422 and fields_of(response) == ["application_id"]
        assert (await application(client, officer, application_id))["status"] == "departed"

    async def test_who_may_record_and_list(
        self,
        client: httpx.AsyncClient,
        owner: Headers,
        officer: Headers,
        seeker: Headers,
        signing_key: SigningKey,
    ) -> None:
        body = a_return(returned_from="IT")
        assert (await client.post(f"{API}/returns", json=body)).status_code == 401
        assert (await client.post(f"{API}/returns", json=body, headers=owner)).status_code == 403
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        assert (await client.post(f"{API}/returns", json=body, headers=machine)).status_code == 403
        assert (
            await client.post(f"{API}/returns", json=body, headers=seeker)
        ).status_code == 404  # no profile
        for headers in (owner, seeker, machine):
            assert (await client.get(f"{API}/returns", headers=headers)).status_code == 403
        assert (await client.get(f"{API}/seekers/me/returns", headers=officer)).status_code == 403


class TestReintegrationPlan:
    async def test_officers_refer_and_the_worker_reads_the_plan(
        self, client: httpx.AsyncClient, seeker: Headers, officer: Headers, profile: dict[str, Any]
    ) -> None:
        created = await record(client, seeker, a_return(returned_from="IT", needs=["job_placement"]))
        path = f"{API}/returns/{created['id']}/referrals"
        referral = {
            "need": "job_placement",
            "provider_name": "Cairo employment office",
            "referred_on": today().isoformat(),
        }
        assert (await client.post(path, json=referral, headers=seeker)).status_code == 403
        made = await client.post(path, json=referral, headers=officer)
        assert made.status_code == 201 and made.json()["status"] == "referred"
        status = f"{path}/{made.json()['id']}/status"
        progress = await client.post(status, json={"status": "in_progress"}, headers=officer)
        assert progress.status_code == 200 and progress.json()["status"] == "in_progress"
        done = await client.post(
            status, json={"status": "completed", "note": "Placed at a clinic."}, headers=officer
        )
        assert done.status_code == 200 and done.json()["note"] == "Placed at a clinic."
        assert (await client.post(status, json={"status": "declined"}, headers=officer)).status_code == 409
        future = {**referral, "referred_on": (today() + timedelta(days=1)).isoformat()}
        refused = await client.post(path, json=future, headers=officer)
        assert refused.status_code == 422 and fields_of(refused) == ["referred_on"]
        plan = (await client.get(f"{API}/returns/{created['id']}", headers=seeker)).json()
        assert [(r["need"], r["status"]) for r in plan["referrals"]] == [("job_placement", "completed")]
        assert (
            await client.post(f"{API}/returns/{UNKNOWN}/referrals", json=referral, headers=officer)
        ).status_code == 404
        assert (
            await client.post(f"{path}/{UNKNOWN}/status", json={"status": "completed"}, headers=officer)
        ).status_code == 404

    async def test_follow_ups_fall_due_at_3_6_and_12_months_and_are_recorded_once(
        self, client: httpx.AsyncClient, seeker: Headers, officer: Headers, profile: dict[str, Any]
    ) -> None:
        long_ago = date(today().year - 2, 1, 31)
        old = await record(
            client,
            officer,
            a_return(seeker_id=profile["id"], returned_from="IT", returned_on=long_ago.isoformat()),
        )
        assert [f["due_on"] for f in old["follow_ups"]] == [
            date(long_ago.year, 4, 30).isoformat(),  # the month's last day where it is shorter
            date(long_ago.year, 7, 31).isoformat(),
            date(long_ago.year + 1, 1, 31).isoformat(),
        ]
        assert all(f["overdue"] for f in old["follow_ups"])
        recent = await record(client, officer, a_return(seeker_id=profile["id"], returned_from="IT"))
        due = (await client.get(f"{API}/follow-ups", headers=officer)).json()
        assert due["total"] == 3 and {item["return_id"] for item in due["items"]} == {old["id"]}
        assert due["items"][0]["month"] == 3 and due["items"][0]["days_overdue"] > 600
        soon = (
            await client.get(f"{API}/follow-ups", params={"due_within_days": 100}, headers=officer)
        ).json()
        assert soon["total"] == 4 and soon["items"][-1]["return_id"] == recent["id"]
        path = f"{API}/returns/{old['id']}/follow-ups/3"
        done = await client.post(
            path, json={"outcome": "self_employed", "note": "Runs a pharmacy."}, headers=officer
        )
        assert done.status_code == 200 and done.json()["outcome"] == "self_employed"
        assert done.json()["overdue"] is False and done.json()["recorded_by"] == "officer-1"
        assert (await client.post(path, json={"outcome": "employed"}, headers=officer)).status_code == 409
        bad_month = await client.post(
            f"{API}/returns/{old['id']}/follow-ups/4", json={"outcome": "employed"}, headers=officer
        )
        assert bad_month.status_code == 422 and fields_of(bad_month) == ["month"]
        bad_outcome = await client.post(
            f"{API}/returns/{old['id']}/follow-ups/6", json={"outcome": "rich"}, headers=officer
        )
        assert bad_outcome.status_code == 422 and fields_of(bad_outcome) == ["outcome"]
        assert (
            await client.post(
                f"{API}/returns/{old['id']}/follow-ups/6", json={"outcome": "employed"}, headers=seeker
            )
        ).status_code == 403
        assert (await client.get(f"{API}/follow-ups", headers=officer)).json()["total"] == 2
        assert (await client.get(f"{API}/follow-ups", headers=seeker)).status_code == 403


class TestReturneePool:
    async def test_only_consenting_returnees_without_contact_details(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        skill_ids: list[str],
        signing_key: SigningKey,
    ) -> None:
        consenting = await record(
            client,
            seeker,
            a_return(returned_from="IT", skills_gained=skill_ids[:1], joins_returnee_pool=True),
        )
        other = bearer(signing_key, "seeker-2", "job_seeker")
        other_profile = await client.post(
            f"{API}/seekers/me", json=seeker_body(full_name="Omar Said", email="o@example.org"), headers=other
        )
        await record(client, officer, a_return(seeker_id=other_profile.json()["id"], returned_from="DE"))
        for headers in (officer, owner):  # `owner`'s employer is verified (the vacancy fixture)
            response = await client.get(f"{API}/returnees", headers=headers)
            assert response.status_code == 200, response.text
            (item,) = response.json()["items"]
            assert item["return_id"] == consenting["id"] and item["name"] == "Mona Adel"
            assert item["returned_from"] == "IT" and item["occupation_id"] == SPECIALIST_NURSE
            assert [s["skill_id"] for s in item["skills_gained"]] == skill_ids[:1]
            assert "returned_as_agreed" in item
            assert not {"phone", "email", "date_of_birth"} & set(item)

        async def listed(**params: str) -> int:
            response = await client.get(f"{API}/returnees", params=params, headers=owner)
            assert response.status_code == 200, response.text
            total: int = response.json()["total"]
            return total

        assert await listed(skill_id=skill_ids[0]) == 1 and await listed(skill_id=skill_ids[1]) == 0
        assert await listed(occupation_id=SPECIALIST_NURSE) == 1 and await listed(occupation_id=UNKNOWN) == 0
        assert await listed(returned_from="IT") == 1 and await listed(returned_from="DE") == 0
        bad = await client.get(f"{API}/returnees", params={"returned_from": "italy"}, headers=owner)
        assert bad.status_code == 422 and fields_of(bad) == ["returned_from"]
        left = await client.patch(
            f"{API}/seekers/me/returns/{consenting['id']}",
            json={"joins_returnee_pool": False},
            headers=seeker,
        )
        assert left.status_code == 200
        assert await listed() == 0

    async def test_who_may_search_the_pool(
        self,
        client: httpx.AsyncClient,
        owner: Headers,
        officer: Headers,
        seeker: Headers,
        signing_key: SigningKey,
    ) -> None:
        unverified = await client.post(f"{API}/employers", json=employer_body(), headers=owner)
        assert unverified.status_code == 201
        assert (await client.get(f"{API}/returnees", headers=owner)).status_code == 403
        assert (await client.get(f"{API}/returnees", headers=seeker)).status_code == 403
        assert (await client.get(f"{API}/returnees")).status_code == 401
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        assert (await client.get(f"{API}/returnees", headers=machine)).status_code == 403
        assert (await client.get(f"{API}/returnees", headers=officer)).status_code == 200


class TestReturnStatistics:
    async def test_small_cells_are_suppressed(
        self,
        client: httpx.AsyncClient,
        officer: Headers,
        seeker: Headers,
        owner: Headers,
        profile: dict[str, Any],
    ) -> None:
        for _ in range(6):
            await record(
                client, officer, a_return(seeker_id=profile["id"], returned_from="IT", reason="personal")
            )
        lone = await record(client, officer, a_return(seeker_id=profile["id"], returned_from="DE"))
        path = f"{API}/returns/{lone['id']}/follow-ups/3"
        assert (await client.post(path, json={"outcome": "re_migrated"}, headers=officer)).status_code == 200
        statistics = (await client.get(f"{API}/return-statistics", headers=officer)).json()
        assert statistics["min_cell"] == 5
        by_reason = {cell["key"]["reason"]: cell for cell in statistics["by_reason"]["cells"]}
        assert by_reason["contract_completed"] == {
            "key": {"reason": "contract_completed"},
            "count": None,
            "suppressed": True,
        }
        # One hidden cell would be the total minus the rest: a second one is hidden with it.
        assert by_reason["personal"]["suppressed"] is True and by_reason["personal"]["count"] is None
        assert statistics["by_reason"]["total"]["count"] == 7
        by_country = {cell["key"]["returned_from"]: cell for cell in statistics["by_country"]["cells"]}
        assert by_country["DE"]["suppressed"] is True and by_country["IT"]["count"] is None
        outcomes = {cell["key"]["outcome"]: cell for cell in statistics["outcomes"]["cells"]}
        assert set(outcomes) == {"not_followed_up", "re_migrated"}
        assert outcomes["re_migrated"]["count"] is None and outcomes["not_followed_up"]["count"] is None
        for headers in (seeker, owner):
            assert (await client.get(f"{API}/return-statistics", headers=headers)).status_code == 403
        assert (await client.get(f"{API}/return-statistics")).status_code == 401

    async def test_cells_at_k_or_above_are_shown(
        self, client: httpx.AsyncClient, officer: Headers, profile: dict[str, Any]
    ) -> None:
        for reason in ("personal", "case_related"):
            for _ in range(5):
                await record(
                    client, officer, a_return(seeker_id=profile["id"], returned_from="IT", reason=reason)
                )
        statistics = (await client.get(f"{API}/return-statistics", headers=officer)).json()
        counts = {cell["key"]["reason"]: cell["count"] for cell in statistics["by_reason"]["cells"]}
        assert counts == {"case_related": 5, "personal": 5}
        assert statistics["by_country"]["cells"] == [
            {"key": {"returned_from": "IT"}, "count": 10, "suppressed": False}
        ]
        assert statistics["outcomes"]["cells"][0]["key"] == {"outcome": "not_followed_up"}
        assert statistics["outcomes"]["total"]["count"] == 10
