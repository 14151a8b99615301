"""Applications: apply once, invitations, who takes each step, the shared timeline."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, programme_body, published_vacancy, seeker_body, vacancy_body

from imis_jobs.applications.workflow import STEPS
from imis_testing import SigningKey


@pytest.fixture
async def vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
) -> dict[str, object]:
    return await published_vacancy(client, owner, officer)


@pytest.fixture
async def profile(client: httpx.AsyncClient, seeker: dict[str, str]) -> dict[str, object]:
    body: dict[str, object] = (
        await client.post("/api/v1/jobs/seekers/me", json=seeker_body(), headers=seeker)
    ).json()
    return body


async def step(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    application_id: object,
    to: str,
    note: str | None = None,
    **fields: object,
) -> httpx.Response:
    return await client.post(
        f"/api/v1/jobs/applications/{application_id}/transitions",
        json={"to": to, "note": note, **fields},
        headers=headers,
    )


async def apply(
    client: httpx.AsyncClient, seeker: dict[str, str], vacancy: dict[str, object]
) -> httpx.Response:
    return await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)


async def walk(
    client: httpx.AsyncClient,
    application_id: object,
    steps: list[tuple[dict[str, str], str]],
) -> None:
    """Take each (caller, to) step, each of them allowed."""
    for headers, to in steps:
        response = await step(client, headers, application_id, to, "Why" if to == "rejected" else None)
        assert response.status_code == 200, (to, response.text)


def fields_of(response: httpx.Response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


class TestApply:
    async def test_apply_once(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        first = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications",
            json={"note": "Ready from March"},
            headers=seeker,
        )
        assert first.status_code == 201 and first.json()["status"] == "submitted"
        assert first.json()["timeline"][0]["note"] == "Ready from March"
        again = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker
        )
        assert again.status_code == 409

    async def test_no_application_to_a_closed_vacancy_or_without_a_profile(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        no_profile = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications",
            json={},
            headers=bearer(signing_key, "seeker-9", "job_seeker"),
        )
        assert no_profile.status_code == 404
        await client.post("/api/v1/jobs/seekers/me", json=seeker_body(), headers=seeker)
        await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/status", json={"status": "closed"}, headers=owner
        )
        closed = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker
        )
        assert closed.status_code == 409

    async def test_employers_cannot_apply(
        self, client: httpx.AsyncClient, owner: dict[str, str], vacancy: dict[str, object]
    ) -> None:
        assert (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=owner)
        ).status_code == 403


class TestPlacementTimeline:
    async def test_the_whole_journey_is_visible_to_all_three(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        ).json()
        journey = [
            (owner, "shortlisted"),
            (owner, "interview"),
            (owner, "offered"),
            (seeker, "accepted"),
            (officer, "contract_signed"),
            (officer, "visa_issued"),
            (officer, "departed"),
            (officer, "returned"),
        ]
        for headers, to in journey:
            response = await step(client, headers, application["id"], to)
            assert response.status_code == 200, (to, response.text)
        for headers in (seeker, owner, officer):
            seen = (
                await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=headers)
            ).json()
            assert [e["to_status"] for e in seen["timeline"]] == ["submitted"] + [to for _h, to in journey]
            assert seen["status"] == "returned" and seen["allowed_next"] == []
        actors = [e["actor"] for e in seen["timeline"]]
        assert actors == [
            "seeker",
            "employer",
            "employer",
            "employer",
            "seeker",
            "officer",
            "officer",
            "officer",
            "officer",
        ]

    async def test_each_party_takes_only_its_own_steps(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        ).json()
        own_shortlist = await step(client, seeker, application["id"], "shortlisted")
        assert own_shortlist.status_code == 409 and own_shortlist.json()["allowed"] == ["withdrawn"]
        early_contract = await step(client, officer, application["id"], "contract_signed")
        assert early_contract.status_code == 409
        skip = await step(client, owner, application["id"], "accepted")
        assert skip.status_code == 409 and skip.json()["allowed"] == ["rejected", "shortlisted"]

    async def test_seeker_withdraws_and_employer_rejects(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        ).json()
        rejected = await step(client, owner, application["id"], "rejected", "Italian level not confirmed")
        assert (
            rejected.json()["status"] == "rejected"
            and rejected.json()["timeline"][-1]["note"] == "Italian level not confirmed"
        )
        assert (await step(client, seeker, application["id"], "withdrawn")).status_code == 409

    async def test_strangers_see_nothing(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        application = (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        ).json()
        path = f"/api/v1/jobs/applications/{application['id']}"
        assert (
            await client.get(path, headers=bearer(signing_key, "seeker-2", "job_seeker"))
        ).status_code == 403
        assert (
            await client.get(path, headers=bearer(signing_key, "employer-2", "employer"))
        ).status_code == 403
        for scope in ("jobs:read", "jobs:seekers:read"):  # applications are for people in person
            machine = client_bearer(signing_key, "ministry-it", scope)
            assert (await client.get(path, headers=machine)).status_code == 403
            assert (await step(client, machine, application["id"], "shortlisted")).status_code == 403


class TestInvitations:
    async def test_invited_seeker_accepts_and_contact_details_appear(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        invited = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/invitations",
            json={"seeker_id": profile["id"]},
            headers=owner,
        )
        assert (
            invited.status_code == 201
            and invited.json()["status"] == "invited"
            and invited.json()["seeker_contact"] is None
        )
        accepted = await step(client, seeker, invited.json()["id"], "submitted")
        assert accepted.json()["invited"] is True
        employer_view = (
            await client.get(f"/api/v1/jobs/applications/{invited.json()['id']}", headers=owner)
        ).json()
        assert employer_view["seeker_contact"] == {"phone": "+201001234567", "email": "mona@example.org"}

    async def test_declining_ends_it(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        invited = (
            await client.post(
                f"/api/v1/jobs/vacancies/{vacancy['id']}/invitations",
                json={"seeker_id": profile["id"]},
                headers=owner,
            )
        ).json()
        declined = await step(client, seeker, invited["id"], "declined")
        assert declined.json()["status"] == "declined" and declined.json()["allowed_next"] == []

    async def test_only_consenting_seekers_are_invited(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        await client.patch("/api/v1/jobs/seekers/me", json={"discoverable": False}, headers=seeker)
        response = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/invitations",
            json={"seeker_id": profile["id"]},
            headers=owner,
        )
        assert response.status_code == 403
        other = bearer(signing_key, "employer-2", "employer")
        assert (
            await client.post(
                f"/api/v1/jobs/vacancies/{vacancy['id']}/invitations",
                json={"seeker_id": profile["id"]},
                headers=other,
            )
        ).status_code == 403


class TestProfileAccessThroughApplications:
    async def test_applying_shows_the_profile_and_contact_to_that_employer_only(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        await client.patch("/api/v1/jobs/seekers/me", json={"discoverable": False}, headers=seeker)
        path = f"/api/v1/jobs/seekers/{profile['id']}"
        assert (await client.get(path, headers=owner)).status_code == 404
        await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        seen = (await client.get(path, headers=owner)).json()
        assert seen["phone"] == "+201001234567" and "date_of_birth" not in seen
        other_employer = bearer(signing_key, "employer-2", "employer")
        assert (await client.get(path, headers=other_employer)).status_code == 403


class TestDataExport:
    async def test_a_seeker_downloads_profile_and_applications(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (
            await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        ).json()
        await step(client, owner, application["id"], "shortlisted")
        response = await client.get("/api/v1/jobs/seekers/me/export", headers=seeker)
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith("attachment;")
        body = response.json()
        assert body["profile"]["phone"] == "+201001234567" and body["profile"]["id"] == profile["id"]
        assert [a["status"] for a in body["applications"]] == ["shortlisted"]
        assert [e["to_status"] for e in body["applications"][0]["timeline"]] == ["submitted", "shortlisted"]

    async def test_only_the_seeker_exports(self, client: httpx.AsyncClient, owner: dict[str, str]) -> None:
        assert (await client.get("/api/v1/jobs/seekers/me/export", headers=owner)).status_code == 403
        assert (await client.get("/api/v1/jobs/seekers/me/export")).status_code == 401


class TestListing:
    async def test_each_party_lists_its_own(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
        for headers in (seeker, owner, officer):
            assert (await client.get("/api/v1/jobs/applications", headers=headers)).json()["total"] == 1
        assert (
            await client.get(
                "/api/v1/jobs/applications", headers=bearer(signing_key, "employer-2", "employer")
            )
        ).json()["total"] == 0
        assert (
            await client.get("/api/v1/jobs/applications", params={"status": "shortlisted"}, headers=owner)
        ).json()["total"] == 0
        assert (
            await client.get("/api/v1/jobs/applications", headers=bearer(signing_key, "editor-1", "editor"))
        ).status_code == 403


TRANSITIONS = "/api/v1/jobs/applications/{application_id}/transitions"


class TestOfficerPreSelection:
    async def test_an_officer_shortlists_interviews_and_rejects_as_officer(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        shortlisted = await step(client, officer, application["id"], "shortlisted")
        assert shortlisted.status_code == 200 and shortlisted.json()["allowed_next"] == [
            "interview",
            "rejected",
        ]
        assert (await step(client, officer, application["id"], "interview")).status_code == 200
        rejected = await step(
            client,
            officer,
            application["id"],
            "rejected",
            "Italian level not confirmed",
            interview_result="failed",
        )
        assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
        for headers in (seeker, owner, officer):
            seen = (
                await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=headers)
            ).json()
            assert [(e["to_status"], e["actor"], e["actor_id"]) for e in seen["timeline"]] == [
                ("submitted", "seeker", "seeker-1"),
                ("shortlisted", "officer", "officer-1"),
                ("interview", "officer", "officer-1"),
                ("rejected", "officer", "officer-1"),
            ]
            assert seen["timeline"][-1]["note"] == "Italian level not confirmed"
            assert [e["interview_result"] for e in seen["timeline"]] == [None, None, None, "failed"]

    async def test_an_admin_in_person_takes_the_steps_as_officer(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        admin = bearer(signing_key, "admin-1", "admin")
        shortlisted = await step(client, admin, application["id"], "shortlisted")
        assert shortlisted.status_code == 200
        assert shortlisted.json()["timeline"][-1]["actor"] == "officer"

    async def test_the_employer_keeps_the_steps_officers_share(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], [(officer, "shortlisted"), (owner, "interview")])
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=owner)).json()
        assert [e["actor"] for e in seen["timeline"]] == ["seeker", "officer", "employer"]
        assert seen["allowed_next"] == ["offered", "rejected"]

    async def test_officers_neither_offer_nor_reject_an_offer(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], [(officer, "shortlisted")])
        offer = await step(client, officer, application["id"], "offered")
        assert offer.status_code == 409 and offer.json()["allowed"] == ["interview", "rejected"]
        await walk(client, application["id"], [(owner, "offered")])
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=officer)).json()
        assert seen["allowed_next"] == []
        refused = await step(client, officer, application["id"], "rejected", "Changed our mind")
        assert refused.status_code == 409 and refused.json()["allowed"] == []

    async def test_allowed_next_follows_the_caller(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        path = f"/api/v1/jobs/applications/{application['id']}"
        expected = {
            "seeker": ["withdrawn"],
            "owner": ["rejected", "shortlisted"],
            "officer": ["rejected", "shortlisted"],
        }
        for name, headers in (("seeker", seeker), ("owner", owner), ("officer", officer)):
            assert (await client.get(path, headers=headers)).json()["allowed_next"] == expected[name]
        await walk(
            client, application["id"], [(owner, "shortlisted"), (owner, "offered"), (seeker, "accepted")]
        )
        assert (await client.get(path, headers=officer)).json()["allowed_next"] == ["contract_signed"]
        assert (await client.get(path, headers=owner)).json()["allowed_next"] == []

    async def test_seekers_other_employers_and_machine_clients_cannot(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        for to in ("shortlisted", "rejected"):
            own = await step(client, seeker, application["id"], to, "Not for me")
            assert own.status_code == 409 and own.json()["allowed"] == ["withdrawn"]
        other_employer = bearer(signing_key, "employer-2", "employer")
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        for headers in (other_employer, machine):
            for to in ("shortlisted", "rejected"):
                assert (await step(client, headers, application["id"], to, "No")).status_code == 403
        await walk(client, application["id"], [(officer, "shortlisted")])
        assert (await step(client, seeker, application["id"], "interview")).status_code == 409
        assert (await step(client, machine, application["id"], "interview")).status_code == 403
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=officer)).json()
        assert seen["status"] == "shortlisted" and len(seen["timeline"]) == 2


class TestRejectionNeedsANote:
    @pytest.mark.parametrize("note", [None, "", "   "])
    async def test_a_rejection_without_a_reason_is_refused_naming_note(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        note: str | None,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        for headers in (owner, officer):
            response = await step(client, headers, application["id"], "rejected", note)
            assert response.status_code == 422 and fields_of(response) == ["note"]
        left_out = await client.post(
            TRANSITIONS.format(application_id=application["id"]), json={"to": "rejected"}, headers=owner
        )
        assert left_out.status_code == 422 and fields_of(left_out) == ["note"]
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=owner)).json()
        assert seen["status"] == "submitted"

    async def test_other_steps_need_no_note_and_the_document_states_the_rule(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        assert (await step(client, owner, application["id"], "shortlisted")).status_code == 200
        document = (await client.get("/openapi.json")).json()
        rules = document["components"]["schemas"]["TransitionIn"]["allOf"]
        rejection = next(r for r in rules if r["if"]["properties"]["to"] == {"const": "rejected"})
        assert rejection["then"]["required"] == ["note"]


class TestInterviewResult:
    @pytest.mark.parametrize(("to", "result"), [("offered", "passed"), ("rejected", "failed")])
    async def test_a_step_out_of_an_interview_records_its_result(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        to: str,
        result: str,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], [(owner, "shortlisted"), (owner, "interview")])
        response = await step(client, owner, application["id"], to, "Interviewed", interview_result=result)
        assert response.status_code == 200, response.text
        assert [e["interview_result"] for e in response.json()["timeline"]] == [None, None, None, result]

    async def test_the_result_is_optional(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], [(owner, "shortlisted"), (owner, "interview")])
        response = await step(client, owner, application["id"], "offered")
        assert response.status_code == 200 and response.json()["timeline"][-1]["interview_result"] is None

    async def test_a_result_on_another_step_is_refused_naming_it(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        shortlist = await step(client, owner, application["id"], "shortlisted", interview_result="passed")
        assert shortlist.status_code == 422 and fields_of(shortlist) == ["interview_result"]
        # Rejecting or offering without an interview: the step's target allows a result, the state not.
        early = await step(client, officer, application["id"], "rejected", "No", interview_result="failed")
        assert early.status_code == 422 and fields_of(early) == ["interview_result"]
        await walk(client, application["id"], [(owner, "shortlisted")])
        offer = await step(client, owner, application["id"], "offered", interview_result="passed")
        assert offer.status_code == 422 and fields_of(offer) == ["interview_result"]
        await walk(client, application["id"], [(owner, "interview")])
        unknown = await step(client, owner, application["id"], "offered", interview_result="maybe")
        assert unknown.status_code == 422 and fields_of(unknown) == ["interview_result"]
        withdraw = await step(client, seeker, application["id"], "withdrawn", interview_result="passed")
        assert withdraw.status_code == 422 and fields_of(withdraw) == ["interview_result"]
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=owner)).json()
        assert seen["status"] == "interview" and len(seen["timeline"]) == 3


class TestTransitionsDocument:
    async def test_the_description_lists_every_step_and_who_takes_it(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        description = document["paths"]["/api/v1/jobs/applications/{application_id}/transitions"]["post"][
            "description"
        ]
        assert "| from | to | who may take it |" in description
        for (start, to), who in STEPS.items():
            assert f"| `{start.value}` | `{to.value}` | {', '.join(sorted(who))} |" in description
        rows = [line for line in description.splitlines() if line.startswith("| `")]
        assert len(rows) == len(STEPS)
        assert "| `submitted` | `shortlisted` | employer, officer |" in rows
        assert "| `offered` | `rejected` | employer |" in rows
        assert "| `departed` | `returned` | officer |" in rows


async def another_vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], employer_id: object, **changes: object
) -> dict[str, Any]:
    """A second published vacancy of the same employer."""
    created = await client.post(
        "/api/v1/jobs/vacancies", json=vacancy_body(employer_id, **changes), headers=owner
    )
    assert created.status_code == 201, created.text
    vacancy: dict[str, Any] = created.json()
    published = await client.post(
        f"/api/v1/jobs/vacancies/{vacancy['id']}/status", json={"status": "published"}, headers=owner
    )
    assert published.status_code == 200, published.text
    return vacancy


class TestListingFilters:
    async def test_each_filter_narrows_the_list(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        programme = (
            await client.post("/api/v1/jobs/programmes", json=programme_body(), headers=officer)
        ).json()
        in_programme = await another_vacancy(
            client, owner, vacancy["employer"]["id"], title="Nurse, programme", programme_id=programme["id"]
        )
        third = await another_vacancy(client, owner, vacancy["employer"]["id"], title="Nurse, night shifts")
        ids = {}
        for target in (vacancy, in_programme, third):
            response = await apply(client, seeker, target)
            assert response.status_code == 201, response.text
            ids[target["id"]] = response.json()["id"]
        await walk(client, ids[third["id"]], [(owner, "shortlisted")])

        async def listed(headers: dict[str, str], **params: object) -> list[str]:
            response = await client.get("/api/v1/jobs/applications", params=params, headers=headers)
            assert response.status_code == 200, response.text
            return sorted(item["id"] for item in response.json()["items"])

        for headers in (officer, owner, seeker):
            assert len(await listed(headers)) == 3
            assert await listed(headers, programme_id=programme["id"]) == [ids[in_programme["id"]]]
            assert await listed(headers, vacancy_id=vacancy["id"]) == [ids[vacancy["id"]]]
            assert await listed(headers, status="shortlisted") == [ids[third["id"]]]
            assert await listed(headers, status="submitted") == sorted(
                [ids[vacancy["id"]], ids[in_programme["id"]]]
            )
            assert await listed(headers, programme_id=programme["id"], status="shortlisted") == []
            assert await listed(headers, programme_id=programme["id"], vacancy_id=vacancy["id"]) == []
        other = (
            await client.post("/api/v1/jobs/programmes", json=programme_body(name="Other"), headers=officer)
        ).json()
        assert await listed(officer, programme_id=other["id"]) == []

    async def test_a_bad_programme_id_is_refused_naming_it(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        response = await client.get(
            "/api/v1/jobs/applications", params={"programme_id": "x"}, headers=officer
        )
        assert response.status_code == 422 and fields_of(response) == ["programme_id"]


def to_departed(
    seeker: dict[str, str], owner: dict[str, str], officer: dict[str, str]
) -> list[tuple[dict[str, str], str]]:
    return [
        (owner, "shortlisted"),
        (owner, "offered"),
        (seeker, "accepted"),
        (officer, "contract_signed"),
        (officer, "visa_issued"),
        (officer, "departed"),
    ]


class TestApplyAgainAfterReturn:
    async def test_a_returned_worker_applies_again_but_holds_one_active_application(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        first = (await apply(client, seeker, vacancy)).json()
        await walk(client, first["id"], to_departed(seeker, owner, officer))
        assert (await apply(client, seeker, vacancy)).status_code == 409  # departed is still active
        returned = await step(client, officer, first["id"], "returned", returned_as_agreed=True)
        assert returned.status_code == 200, returned.text
        second = await apply(client, seeker, vacancy)
        assert second.status_code == 201 and second.json()["id"] != first["id"]
        assert second.json()["status"] == "submitted" and second.json()["returned_as_agreed"] is None
        assert [e["to_status"] for e in second.json()["timeline"]] == ["submitted"]
        assert (await apply(client, seeker, vacancy)).status_code == 409
        listed = (
            await client.get(
                "/api/v1/jobs/applications", params={"vacancy_id": vacancy["id"]}, headers=officer
            )
        ).json()
        assert sorted(item["status"] for item in listed["items"]) == ["returned", "submitted"]
        export = (await client.get("/api/v1/jobs/seekers/me/export", headers=seeker)).json()
        assert [(a["id"], a["status"], a["returned_as_agreed"]) for a in export["applications"]] == [
            (first["id"], "returned", True),
            (second.json()["id"], "submitted", None),
        ]
        assert len(export["applications"][0]["timeline"]) == 8
        first_seen = (await client.get(f"/api/v1/jobs/applications/{first['id']}", headers=seeker)).json()
        assert first_seen["status"] == "returned" and len(first_seen["timeline"]) == 8

    async def test_a_returned_worker_is_invited_again(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        invite = {"seeker_id": profile["id"]}
        url = f"/api/v1/jobs/vacancies/{vacancy['id']}/invitations"
        first = (await client.post(url, json=invite, headers=owner)).json()
        await walk(client, first["id"], [(seeker, "submitted"), *to_departed(seeker, owner, officer)])
        assert (await client.post(url, json=invite, headers=owner)).status_code == 409
        await walk(client, first["id"], [(officer, "returned")])
        again = await client.post(url, json=invite, headers=owner)
        assert again.status_code == 201 and again.json()["status"] == "invited"
        assert (await client.post(url, json=invite, headers=owner)).status_code == 409
        assert (await apply(client, seeker, vacancy)).status_code == 409

    async def test_an_ended_application_that_is_not_a_return_still_blocks(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        first = (await apply(client, seeker, vacancy)).json()
        await walk(client, first["id"], [(owner, "rejected")])
        assert (await apply(client, seeker, vacancy)).status_code == 409

    async def test_concurrent_applications_after_a_return_make_one(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        first = (await apply(client, seeker, vacancy)).json()
        await walk(client, first["id"], [*to_departed(seeker, owner, officer), (officer, "returned")])
        responses = await asyncio.gather(*(apply(client, seeker, vacancy) for _ in range(4)))
        assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
        listed = (
            await client.get(
                "/api/v1/jobs/applications", params={"vacancy_id": vacancy["id"]}, headers=officer
            )
        ).json()
        assert sorted(item["status"] for item in listed["items"]) == ["returned", "submitted"]


class TestReturnedAsAgreed:
    @pytest.mark.parametrize("kept", [True, False])
    async def test_the_officer_records_it_with_the_return_and_all_see_it(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        kept: bool,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], to_departed(seeker, owner, officer))
        assert application["returned_as_agreed"] is None
        returned = await step(client, officer, application["id"], "returned", returned_as_agreed=kept)
        assert returned.status_code == 200 and returned.json()["returned_as_agreed"] is kept
        for headers in (seeker, owner, officer):
            seen = (
                await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=headers)
            ).json()
            assert seen["returned_as_agreed"] is kept
        export = (await client.get("/api/v1/jobs/seekers/me/export", headers=seeker)).json()
        assert export["applications"][0]["returned_as_agreed"] is kept

    async def test_a_return_may_leave_it_unrecorded(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        await walk(client, application["id"], [*to_departed(seeker, owner, officer), (officer, "returned")])
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=officer)).json()
        assert seen["status"] == "returned" and seen["returned_as_agreed"] is None

    async def test_refused_on_other_steps_and_from_other_callers(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        owner: dict[str, str],
        officer: dict[str, str],
        vacancy: dict[str, object],
        profile: dict[str, object],
        signing_key: SigningKey,
    ) -> None:
        application = (await apply(client, seeker, vacancy)).json()
        shortlist = await step(client, owner, application["id"], "shortlisted", returned_as_agreed=True)
        assert shortlist.status_code == 422 and fields_of(shortlist) == ["returned_as_agreed"]
        await walk(client, application["id"], to_departed(seeker, owner, officer)[:-1])
        depart = await step(client, officer, application["id"], "departed", returned_as_agreed=False)
        assert depart.status_code == 422 and fields_of(depart) == ["returned_as_agreed"]
        await walk(client, application["id"], [(officer, "departed")])
        not_a_boolean = await step(client, officer, application["id"], "returned", returned_as_agreed="yes")
        assert not_a_boolean.status_code == 422 and fields_of(not_a_boolean) == ["returned_as_agreed"]
        for headers in (owner, seeker):  # the return is the officer's step
            response = await step(client, headers, application["id"], "returned", returned_as_agreed=True)
            assert response.status_code == 409
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        assert (
            await step(client, machine, application["id"], "returned", returned_as_agreed=True)
        ).status_code == 403
        seen = (await client.get(f"/api/v1/jobs/applications/{application['id']}", headers=officer)).json()
        assert seen["status"] == "departed" and seen["returned_as_agreed"] is None
