"""A suspended employer is stopped, not erased: its vacancies leave the public and take no
applications, its members stop seeing seekers, officers still see everything, and reinstatement
restores it all. A verified employer whose name changes keeps its reviewed name in public."""

from __future__ import annotations

from typing import Any

import httpx
from jobs_helpers import bearer, employer_body, published_vacancy, seeker_body

from imis_testing import SigningKey

API = "/api/v1/jobs"


async def decide(client: httpx.AsyncClient, officer: dict[str, str], employer_id: str, status: str) -> None:
    response = await client.post(
        f"{API}/employers/{employer_id}/status",
        json={"status": status, "reason": "complaints from workers under inquiry"},
        headers=officer,
    )
    assert response.status_code == 200, response.text


async def seeker_with_profile(
    client: httpx.AsyncClient, signing_key: SigningKey, name: str
) -> dict[str, str]:
    headers = bearer(signing_key, f"seeker-{name}", "job_seeker")
    created = await client.post(f"{API}/seekers/me", json=seeker_body(full_name=name), headers=headers)
    assert created.status_code == 201, created.text
    return headers


async def apply(client: httpx.AsyncClient, seeker: dict[str, str], vacancy: dict[str, Any]) -> httpx.Response:
    return await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)


async def move(
    client: httpx.AsyncClient, who: dict[str, str], application_id: str, to: str
) -> httpx.Response:
    return await client.post(f"{API}/applications/{application_id}/transitions", json={"to": to}, headers=who)


def listed(page: httpx.Response) -> list[str]:
    assert page.status_code == 200, page.text
    return [item["id"] for item in page.json()["items"]]


class TestSuspension:
    async def test_suspension_stops_the_employer_and_reinstatement_restores_it(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        employer_id = vacancy["employer"]["id"]
        mona = await seeker_with_profile(client, signing_key, "Mona")
        applied = await apply(client, mona, vacancy)
        assert applied.status_code == 201
        application_id = applied.json()["id"]
        assert (await move(client, owner, application_id, "shortlisted")).status_code == 200
        assert (await move(client, owner, application_id, "offered")).status_code == 200
        heba = await seeker_with_profile(client, signing_key, "Heba")

        await decide(client, officer, employer_id, "suspended")

        # Off the public list and closed to the public; the employer and officers still see it.
        assert vacancy["id"] not in listed(await client.get(f"{API}/vacancies"))
        assert (await client.get(f"{API}/vacancies/{vacancy['id']}")).status_code == 404
        assert (await client.get(f"{API}/vacancies/{vacancy['id']}", headers=heba)).status_code == 404
        assert (await client.get(f"{API}/vacancies/{vacancy['id']}", headers=owner)).status_code == 200
        assert vacancy["id"] in listed(
            await client.get(f"{API}/employers/{employer_id}/vacancies", headers=owner)
        )
        # Closed to applications and to the acceptance of an offer; withdrawing stays possible.
        refused = await apply(client, heba, vacancy)
        assert refused.status_code == 409, refused.text
        assert refused.json()["employer_status"] == "suspended"
        accepting = await move(client, mona, application_id, "accepted")
        assert accepting.status_code == 409 and accepting.json()["employer_status"] == "suspended"
        assert vacancy["id"] not in [
            match["vacancy"]["id"]
            for match in (await client.get(f"{API}/seekers/me/matches", headers=heba)).json()["items"]
        ]
        # Its members see no seeker: not the applications, not the matches, not a profile.
        assert listed(await client.get(f"{API}/applications", headers=owner)) == []
        assert (await client.get(f"{API}/applications/{application_id}", headers=owner)).status_code == 403
        assert (await move(client, owner, application_id, "rejected")).status_code == 403
        matches = await client.get(f"{API}/vacancies/{vacancy['id']}/matches", headers=owner)
        assert matches.status_code == 403 and "suspended" in matches.json()["detail"]
        seeker_id = (await client.get(f"{API}/applications/{application_id}", headers=officer)).json()[
            "seeker_id"
        ]
        assert (await client.get(f"{API}/seekers/{seeker_id}", headers=owner)).status_code == 403
        invited = await client.post(
            f"{API}/vacancies/{vacancy['id']}/invitations", json={"seeker_id": seeker_id}, headers=owner
        )
        assert invited.status_code == 409 and invited.json()["employer_status"] == "suspended"
        # Officers still see the whole record, unchanged.
        kept = await client.get(f"{API}/applications/{application_id}", headers=officer)
        assert kept.status_code == 200 and kept.json()["status"] == "offered"

        await decide(client, officer, employer_id, "verified")

        assert vacancy["id"] in listed(await client.get(f"{API}/vacancies"))
        assert (await client.get(f"{API}/vacancies/{vacancy['id']}")).status_code == 200
        assert application_id in listed(await client.get(f"{API}/applications", headers=owner))
        assert (
            await client.get(f"{API}/vacancies/{vacancy['id']}/matches", headers=owner)
        ).status_code == 200
        assert (await apply(client, heba, vacancy)).status_code == 201
        assert (await move(client, mona, application_id, "accepted")).status_code == 200

    async def test_a_rejected_re_review_closes_the_vacancies_until_verified_again(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        employer_id = vacancy["employer"]["id"]
        renamed = await client.patch(
            f"{API}/employers/{employer_id}", json={"registration_number": "IT-LT-999"}, headers=owner
        )
        assert renamed.json()["status"] == "pending"
        assert vacancy["id"] in listed(await client.get(f"{API}/vacancies"))  # in review, still open
        await decide(client, officer, employer_id, "rejected")
        assert vacancy["id"] not in listed(await client.get(f"{API}/vacancies"))
        resubmitted = await client.patch(
            f"{API}/employers/{employer_id}", json={"registration_number": "IT-LT-123456"}, headers=owner
        )
        assert resubmitted.json()["status"] == "pending"
        assert vacancy["id"] not in listed(await client.get(f"{API}/vacancies"))
        await decide(client, officer, employer_id, "verified")
        assert vacancy["id"] in listed(await client.get(f"{API}/vacancies"))


class TestUnreviewedName:
    async def test_the_public_sees_the_verified_name_until_the_new_one_is_verified(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        vacancy = await published_vacancy(client, owner, officer)
        employer_id = vacancy["employer"]["id"]
        verified_name = employer_body()["name"]
        changed = await client.patch(
            f"{API}/employers/{employer_id}", json={"name": "Totally Legit Recruiters"}, headers=owner
        )
        assert changed.status_code == 200 and changed.json()["status"] == "pending"
        assert changed.json()["name"] == "Totally Legit Recruiters"  # the employer's own record

        public = await client.get(f"{API}/vacancies/{vacancy['id']}")
        assert public.json()["employer"]["name"] == verified_name
        listing = (await client.get(f"{API}/vacancies")).json()["items"]
        assert [item["employer"]["name"] for item in listing if item["id"] == vacancy["id"]] == [
            verified_name
        ]

        await decide(client, officer, employer_id, "verified")
        public = await client.get(f"{API}/vacancies/{vacancy['id']}")
        assert public.json()["employer"]["name"] == "Totally Legit Recruiters"
