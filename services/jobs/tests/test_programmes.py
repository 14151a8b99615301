"""Bilateral programmes: eligibility and a quota that concurrent acceptances cannot exceed."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import httpx
import pytest
from jobs_helpers import bearer, employer_body, programme_body, published_vacancy, seeker_body, vacancy_body

from imis_testing import SigningKey

URL = "/api/v1/jobs/programmes"


async def programme_vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], **programme: object
) -> tuple[dict[str, object], dict[str, object]]:
    created = (await client.post(URL, json=programme_body(**programme), headers=officer)).json()
    vacancy = await published_vacancy(client, owner, officer, programme_id=created["id"], positions=10)
    return created, vacancy


async def offered_application(
    client: httpx.AsyncClient,
    signing_key: SigningKey,
    owner: dict[str, str],
    vacancy: dict[str, object],
    index: int,
) -> tuple[dict[str, str], str]:
    seeker = bearer(signing_key, f"seeker-{index}", "job_seeker")
    await client.post(
        "/api/v1/jobs/seekers/me", json=seeker_body(full_name=f"Seeker {index}"), headers=seeker
    )
    application = (
        await client.post(f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
    ).json()
    for to in ("shortlisted", "offered"):
        response = await client.post(
            f"/api/v1/jobs/applications/{application['id']}/transitions", json={"to": to}, headers=owner
        )
        assert response.status_code == 200, response.text
    return seeker, application["id"]


class TestProgrammes:
    async def test_officers_create_and_anyone_reads(
        self, client: httpx.AsyncClient, officer: dict[str, str], owner: dict[str, str]
    ) -> None:
        created = await client.post(URL, json=programme_body(), headers=officer)
        assert created.status_code == 201 and created.json()["quota_remaining"] == 3
        assert (await client.post(URL, json=programme_body(), headers=owner)).status_code == 403
        assert (await client.get(f"{URL}/{created.json()['id']}")).json()[
            "name"
        ] == "Italy-Egypt nursing 2027"
        assert (await client.get(URL)).json()["total"] == 1

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"ends_on": "2026-01-01"}, "ends_on"),
            ({"isco_groups": ["9999"]}, "isco_groups.0"),
            ({"quota": 0}, "quota"),
            ({"eligible_citizenships": ["XX"]}, "eligible_citizenships.0"),
            ({"starts_on": 0}, "starts_on"),  # was taken as 1970-01-01
            ({"quota": "5"}, "quota"),
        ],
    )
    async def test_bad_input_is_named(
        self, client: httpx.AsyncClient, officer: dict[str, str], changes: dict[str, object], field: str
    ) -> None:
        response = await client.post(URL, json=programme_body(**changes), headers=officer)
        assert response.status_code == 422 and field in {e["field"] for e in response.json()["errors"]}

    async def test_a_vacancy_must_fit_its_programme(
        self, client: httpx.AsyncClient, officer: dict[str, str], owner: dict[str, str]
    ) -> None:
        programme = (
            await client.post(URL, json=programme_body(destination_country="DE"), headers=officer)
        ).json()
        employer = (await client.post("/api/v1/jobs/employers", json=employer_body(), headers=owner)).json()
        response = await client.post(
            "/api/v1/jobs/vacancies",
            json=vacancy_body(employer["id"], programme_id=programme["id"]),
            headers=owner,
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "programme_id"


class TestEligibility:
    async def test_ineligible_citizens_cannot_apply_and_are_not_matched(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        _programme, vacancy = await programme_vacancy(client, owner, officer)
        outsider = bearer(signing_key, "seeker-ma", "job_seeker")
        await client.post(
            "/api/v1/jobs/seekers/me",
            json=seeker_body(citizenship="MA", full_name="Outsider"),
            headers=outsider,
        )
        response = await client.post(
            f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=outsider
        )
        assert response.status_code == 409 and response.json()["reason"] == "not_eligible"
        matches = (await client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}/matches", headers=owner)).json()
        assert "Outsider" not in [m["seeker"]["full_name"] for m in matches["items"]]
        own = (await client.get("/api/v1/jobs/seekers/me/matches", headers=outsider)).json()
        assert vacancy["id"] not in [m["vacancy"]["id"] for m in own["items"]]

    async def test_the_total_counts_eligible_citizens_holding_every_required_language(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        """The candidates' total: consenting citizens of the programme holding each required
        language at its level, and it follows consent and language changes."""
        programme = (await client.post(URL, json=programme_body(), headers=officer)).json()
        vacancy = await published_vacancy(
            client,
            owner,
            officer,
            programme_id=programme["id"],
            languages=[{"language": "it", "min_level": "B1"}, {"language": "en", "min_level": "B2"}],
        )
        people = {
            "both": ("EG", {"it": "B2", "en": "C1"}, True),
            "english below": ("EG", {"it": "B2", "en": "B1"}, True),
            "italian below": ("EG", {"it": "A2", "en": "C1"}, True),
            "not a citizen": ("MA", {"it": "B2", "en": "C1"}, True),
            "hidden": ("EG", {"it": "B1", "en": "B2"}, False),
            "italian only": ("EG", {"it": "C2"}, True),
        }
        headers = {}
        for index, (name, (citizenship, languages, discoverable)) in enumerate(people.items()):
            headers[name] = bearer(signing_key, f"seeker-{index}", "job_seeker")
            body = seeker_body(
                full_name=name,
                citizenship=citizenship,
                languages=[{"language": x, "level": level} for x, level in languages.items()],
                discoverable=discoverable,
            )
            assert (
                await client.post("/api/v1/jobs/seekers/me", json=body, headers=headers[name])
            ).status_code == 201

        async def candidates() -> tuple[int, list[str]]:
            page = await client.get(f"/api/v1/jobs/vacancies/{vacancy['id']}/matches", headers=owner)
            return page.json()["total"], [item["seeker"]["full_name"] for item in page.json()["items"]]

        assert await candidates() == (1, ["both"])
        await client.patch("/api/v1/jobs/seekers/me", json={"discoverable": True}, headers=headers["hidden"])
        assert sorted((await candidates())[1]) == ["both", "hidden"] and (await candidates())[0] == 2
        english = [{"language": "en", "level": "C1"}]
        await client.patch("/api/v1/jobs/seekers/me", json={"languages": english}, headers=headers["both"])
        assert await candidates() == (1, ["hidden"])


class TestQuota:
    async def test_accepting_counts_and_withdrawing_releases(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer)
        seeker, application_id = await offered_application(client, signing_key, owner, vacancy, 1)
        await client.post(
            f"/api/v1/jobs/applications/{application_id}/transitions", json={"to": "accepted"}, headers=seeker
        )
        assert (await client.get(f"{URL}/{programme['id']}")).json()["quota_used"] == 1
        await client.post(
            f"/api/v1/jobs/applications/{application_id}/transitions",
            json={"to": "withdrawn"},
            headers=seeker,
        )
        assert (await client.get(f"{URL}/{programme['id']}")).json()["quota_used"] == 0

    async def test_the_quota_holds_under_concurrent_acceptances(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer, quota=3)
        offers = [await offered_application(client, signing_key, owner, vacancy, index) for index in range(8)]
        responses = await asyncio.gather(
            *(
                client.post(
                    f"/api/v1/jobs/applications/{application_id}/transitions",
                    json={"to": "accepted"},
                    headers=seeker,
                )
                for seeker, application_id in offers
            )
        )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [200] * 3 + [409] * 5
        refused = next(r for r in responses if r.status_code == 409)
        assert refused.json()["reason"] == "quota_full" and "quota" in refused.json()["detail"]
        state = (await client.get(f"{URL}/{programme['id']}")).json()
        assert (state["quota_used"], state["quota_remaining"]) == (3, 0)
        accepted = (
            await client.get("/api/v1/jobs/applications", params={"status": "accepted"}, headers=officer)
        ).json()
        assert accepted["total"] == 3


class TestStatistics:
    async def test_staff_see_vacancies_applications_and_placements(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer)
        seeker, application_id = await offered_application(client, signing_key, owner, vacancy, 1)
        await client.post(
            f"/api/v1/jobs/applications/{application_id}/transitions", json={"to": "accepted"}, headers=seeker
        )
        body = (await client.get("/api/v1/jobs/statistics", headers=officer)).json()
        assert body["vacancies"] == [
            {"destination_country": "IT", "isco_major_group": "2", "vacancies": 1, "positions": 10}
        ]
        assert (
            body["applications_by_status"]["accepted"] == 1
            and body["applications_by_status"]["submitted"] == 0
        )
        assert body["placements_by_programme"] == [
            {
                "programme_id": programme["id"],
                "name": "Italy-Egypt nursing 2027",
                "quota": 3,
                "quota_used": 1,
                "placements": 1,
                "departed": 0,
            }
        ]

    async def test_others_are_refused(self, client: httpx.AsyncClient, owner: dict[str, str]) -> None:
        assert (await client.get("/api/v1/jobs/statistics")).status_code == 401
        assert (await client.get("/api/v1/jobs/statistics", headers=owner)).status_code == 403


async def accept(client: httpx.AsyncClient, seeker: dict[str, str], application_id: str) -> httpx.Response:
    return await client.post(
        f"/api/v1/jobs/applications/{application_id}/transitions", json={"to": "accepted"}, headers=seeker
    )


class TestChangingAProgramme:
    async def test_officers_change_it_and_others_are_refused(
        self, client: httpx.AsyncClient, officer: dict[str, str], owner: dict[str, str]
    ) -> None:
        programme = (await client.post(URL, json=programme_body(), headers=officer)).json()
        url = f"{URL}/{programme['id']}"
        changed = await client.patch(
            url, json={"quota": 10, "name": "Italy-Egypt nursing, second call"}, headers=officer
        )
        assert changed.status_code == 200, changed.text
        assert (changed.json()["quota"], changed.json()["quota_remaining"]) == (10, 10)
        assert (await client.patch(url, json={"quota": 5})).status_code == 401
        assert (await client.patch(url, json={"quota": 5}, headers=owner)).status_code == 403
        for body, field in (
            ({}, "body"),
            ({"quota": 0}, "quota"),
            ({"quota": None}, "quota"),
            ({"ends_on": "2020-01-01"}, "ends_on"),
            ({"starts_on": "2099-01-01"}, "starts_on"),
            ({"quota_used": 0}, "quota_used"),
        ):
            refused = await client.patch(url, json=body, headers=officer)
            assert refused.status_code == 422, (body, refused.text)
            assert [error["field"] for error in refused.json()["errors"]] == [field], body
        assert (await client.get(url)).json()["quota"] == 10

    async def test_the_quota_never_goes_below_the_places_used(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer, quota=3)
        url = f"{URL}/{programme['id']}"
        for index in range(2):
            seeker, application_id = await offered_application(client, signing_key, owner, vacancy, index)
            assert (await accept(client, seeker, application_id)).status_code == 200
        below = await client.patch(url, json={"quota": 1, "name": "renamed"}, headers=officer)
        assert below.status_code == 422 and below.json()["errors"][0]["field"] == "quota"
        assert "2 places" in below.json()["errors"][0]["message"]
        state = (await client.get(url)).json()
        assert (state["quota"], state["name"]) == (3, programme["name"])  # nothing written
        assert (await client.patch(url, json={"quota": 2}, headers=officer)).json()["quota_remaining"] == 0
        seeker, application_id = await offered_application(client, signing_key, owner, vacancy, 2)
        assert (await accept(client, seeker, application_id)).json()["reason"] == "quota_full"

    async def test_a_lower_quota_and_acceptances_at_the_same_moment_never_overfill_it(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer, quota=4)
        offers = [await offered_application(client, signing_key, owner, vacancy, index) for index in range(4)]
        lowered, *accepted = await asyncio.gather(
            client.patch(f"{URL}/{programme['id']}", json={"quota": 2}, headers=officer),
            *(accept(client, seeker, application_id) for seeker, application_id in offers),
        )
        state = (await client.get(f"{URL}/{programme['id']}")).json()
        taken = sum(response.status_code == 200 for response in accepted)
        assert state["quota_used"] == taken <= state["quota"]
        assert state["quota"] == (2 if lowered.status_code == 200 else 4)
        assert lowered.status_code in (200, 422)


class TestProgrammePeriod:
    async def test_nothing_is_accepted_before_a_programme_starts(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        later = (date.today() + timedelta(days=10)).isoformat()
        programme, vacancy = await programme_vacancy(client, owner, officer, starts_on=later)
        seeker, application_id = await offered_application(client, signing_key, owner, vacancy, 1)
        refused = await accept(client, seeker, application_id)
        assert refused.status_code == 409 and refused.json()["reason"] == "outside_programme_period"
        assert later in refused.json()["detail"]
        state = (await client.get(f"{URL}/{programme['id']}")).json()
        assert state["quota_used"] == 0
        today = date.today().isoformat()
        assert (
            await client.patch(f"{URL}/{programme['id']}", json={"starts_on": today}, headers=officer)
        ).is_success
        assert (await accept(client, seeker, application_id)).status_code == 200

    async def test_no_one_departs_after_it_ended(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme, vacancy = await programme_vacancy(client, owner, officer)
        seeker, application_id = await offered_application(client, signing_key, owner, vacancy, 1)
        assert (await accept(client, seeker, application_id)).status_code == 200
        steps = f"/api/v1/jobs/applications/{application_id}/transitions"
        for to in ("contract_signed", "visa_issued"):
            assert (await client.post(steps, json={"to": to}, headers=officer)).status_code == 200
        yesterday = (date.today() - timedelta(days=1)).isoformat()
        ended = await client.patch(f"{URL}/{programme['id']}", json={"ends_on": yesterday}, headers=officer)
        assert ended.status_code == 200, ended.text
        refused = await client.post(steps, json={"to": "departed"}, headers=officer)
        assert refused.status_code == 409 and refused.json()["reason"] == "outside_programme_period"
