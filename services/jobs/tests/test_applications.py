"""Applications: apply once, invitations, who takes each step, the shared timeline."""

from __future__ import annotations

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, published_vacancy, seeker_body

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
) -> httpx.Response:
    return await client.post(
        f"/api/v1/jobs/applications/{application_id}/transitions",
        json={"to": to, "note": note},
        headers=headers,
    )


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
