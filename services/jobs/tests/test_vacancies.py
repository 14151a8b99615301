"""Vacancies: creation with ESCO defaults, validation, lifecycle, public search, access."""

from __future__ import annotations

import httpx
import pytest
from jobs_helpers import SPECIALIST_NURSE, bearer, vacancy_body, verified_employer

from imis_shared import reference
from imis_testing import SigningKey

URL = "/api/v1/jobs/vacancies"


async def new_employer(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], verify: bool = True
) -> str:
    return await verified_employer(client, owner, officer, verify)


async def new_vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], employer_id: str, **changes: object
) -> dict[str, object]:
    response = await client.post(URL, json=vacancy_body(employer_id, **changes), headers=owner)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def publish(client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: object) -> httpx.Response:
    return await client.post(f"{URL}/{vacancy_id}/status", json={"status": "published"}, headers=headers)


class TestCreateVacancy:
    async def test_without_skills_the_occupations_essential_skills_are_used(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        body = await new_vacancy(client, owner, employer_id)
        essential, _optional = reference.occupation_skills()[SPECIALIST_NURSE]
        assert sorted(s["skill_id"] for s in body["skills"]) == sorted(essential)
        assert body["skills_from_esco"] is True and body["status"] == "draft"
        assert body["salary_currency"] == "EUR" and body["salary_min"] == "1900.00"
        assert body["occupation"] == {
            "id": SPECIALIST_NURSE,
            "label": "specialist nurse",
            "isco_code": "2221",
        }
        assert body["charges_worker_fees"] is False

    async def test_a_minimal_vacancy_takes_the_defaults(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        minimal = {
            key: value
            for key, value in vacancy_body(employer_id, contract_type="permanent", salary_min="1900").items()
            if key
            not in {
                "contract_months",
                "employer_pays_travel",
                "employer_pays_accommodation",
                "employer_pays_visa",
                "languages",
                "min_education_level",
                "min_experience_years",
            }
        }
        response = await client.post(URL, json=minimal, headers=owner)
        assert response.status_code == 201, response.text
        body = response.json()
        assert (body["employer_pays_travel"], body["worker_fee_amount"], body["min_experience_years"]) == (
            False,
            "0.00",
            0,
        )
        assert body["languages"] == [] and body["salary_min"] == "1900.00"

    async def test_explicit_skills_are_kept(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        # Worker fees are kept only where the ministry's policy allows them: test_job_orders.py.
        employer_id = await new_employer(client, owner, officer)
        skill = reference.occupation_skills()[SPECIALIST_NURSE][1][0]
        body = await new_vacancy(
            client, owner, employer_id, skills=[{"skill_id": skill, "requirement": "optional"}]
        )
        assert [(s["skill_id"], s["requirement"]) for s in body["skills"]] == [(skill, "optional")]
        assert body["skills_from_esco"] is False and body["charges_worker_fees"] is False

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"occupation_id": "00000000-0000-0000-0000-000000000000"}, "occupation_id"),
            ({"skills": [{"skill_id": "00000000-0000-0000-0000-000000000000"}]}, "skills.0.skill_id"),
            ({"destination_country": "XX"}, "destination_country"),
            ({"salary_currency": "EUX"}, "salary_currency"),
            ({"languages": [{"language": "zz", "min_level": "B1"}]}, "languages.0.language"),
            ({"languages": [{"language": "it", "min_level": "D1"}]}, "languages.0.min_level"),
            ({"salary_min": "-5"}, "salary_min"),
            ({"positions": 0}, "positions"),
            ({"application_deadline": "2020-01-01"}, "application_deadline"),
            ({"salary_min": "3000", "salary_max": "2000"}, "salary_min"),
            ({"contract_months": None}, "contract_months"),
            ({"worker_fee_amount": "100"}, "worker_fee_currency"),
            ({"bonus": 100}, "bonus"),
        ],
    )
    async def test_bad_input_names_the_field_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        changes: dict[str, object],
        field: str,
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        response = await client.post(URL, json=vacancy_body(employer_id, **changes), headers=owner)
        assert response.status_code == 422, response.text
        assert field in {error["field"] for error in response.json()["errors"]}
        listing = await client.get(f"/api/v1/jobs/employers/{employer_id}/vacancies", headers=owner)
        assert listing.json()["total"] == 0

    async def test_only_members_of_the_employer_create(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        stranger = bearer(signing_key, "employer-2", "employer")
        assert (await client.post(URL, json=vacancy_body(employer_id), headers=stranger)).status_code == 403
        assert (await client.post(URL, json=vacancy_body(employer_id), headers=officer)).status_code == 403
        assert (await client.post(URL, json=vacancy_body(employer_id))).status_code == 401


class TestLifecycle:
    async def test_publish_then_fill(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        vacancy = await new_vacancy(client, owner, await new_employer(client, owner, officer))
        published = await publish(client, owner, vacancy["id"])
        assert published.status_code == 200 and published.json()["published_at"]
        filled = await client.post(f"{URL}/{vacancy['id']}/status", json={"status": "filled"}, headers=owner)
        assert filled.json()["status"] == "filled"
        again = await publish(client, owner, vacancy["id"])
        assert again.status_code == 409 and again.json()["allowed"] == []
        edit = await client.patch(f"{URL}/{vacancy['id']}", json={"positions": 5}, headers=owner)
        assert edit.status_code == 409

    async def test_an_unverified_employer_cannot_publish(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer, verify=False)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await publish(client, owner, vacancy["id"])
        assert response.status_code == 409 and response.json()["employer_status"] == "pending"

    async def test_suspension_blocks_new_publications_and_takes_vacancies_off_the_public(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        live = await new_vacancy(client, owner, employer_id)
        await publish(client, owner, live["id"])
        draft = await new_vacancy(client, owner, employer_id, title="Second ward")
        await client.post(
            f"/api/v1/jobs/employers/{employer_id}/status",
            json={"status": "suspended", "reason": "inquiry"},
            headers=officer,
        )
        assert (await publish(client, owner, draft["id"])).status_code == 409
        assert (await client.get(f"{URL}/{live['id']}")).status_code == 404
        own = (await client.get(f"{URL}/{live['id']}", headers=owner)).json()
        assert own["status"] == "published" and own["employer"]["status"] == "suspended"
        assert (await client.get(f"{URL}/{live['id']}", headers=officer)).status_code == 200

    async def test_officers_close_but_do_not_publish(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        vacancy = await new_vacancy(client, owner, await new_employer(client, owner, officer))
        assert (await publish(client, officer, vacancy["id"])).status_code == 403
        await publish(client, owner, vacancy["id"])
        closed = await client.post(
            f"{URL}/{vacancy['id']}/status", json={"status": "closed"}, headers=officer
        )
        assert closed.json()["status"] == "closed"

    async def test_editing_keeps_the_rules(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        vacancy = await new_vacancy(client, owner, await new_employer(client, owner, officer))
        response = await client.patch(f"{URL}/{vacancy['id']}", json={"salary_max": "1000.00"}, headers=owner)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "salary_min"
        response = await client.patch(f"{URL}/{vacancy['id']}", json={"title": None}, headers=owner)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "title"
        response = await client.patch(
            f"{URL}/{vacancy['id']}", json={"positions": 6, "languages": []}, headers=owner
        )
        assert response.json()["positions"] == 6 and response.json()["languages"] == []


class TestPublicSearch:
    async def test_anonymous_sees_published_vacancies_only(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        live = await new_vacancy(client, owner, employer_id)
        draft = await new_vacancy(client, owner, employer_id, title="Draft")
        await publish(client, owner, live["id"])
        listing = (await client.get(URL)).json()
        assert [v["id"] for v in listing["items"]] == [live["id"]]
        assert (await client.get(f"{URL}/{draft['id']}")).status_code == 404
        assert (await client.get(f"{URL}/{draft['id']}", headers=owner)).status_code == 200
        assert (await client.get(f"{URL}/{draft['id']}", headers=officer)).status_code == 200

    async def test_filters(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await new_employer(client, owner, officer)
        nurse = await new_vacancy(client, owner, employer_id)
        picker_occupation = next(
            o.id for o in reference.occupations() if o.label == "fruit and vegetable picker"
        )
        picker = await new_vacancy(
            client,
            owner,
            employer_id,
            title="Fruit pickers",
            description="Strawberry harvest, March to June.",
            occupation_id=picker_occupation,
            contract_type="seasonal",
            contract_months=4,
            destination_country="ES",
            destination_city="Huelva",
            languages=[{"language": "es", "min_level": "A2", "required": False}],
        )
        for vacancy in (nurse, picker):
            await publish(client, owner, vacancy["id"])

        async def ids(**params: str) -> list[object]:
            return [v["id"] for v in (await client.get(URL, params=params)).json()["items"]]

        assert await ids(country="IT") == [nurse["id"]]
        assert await ids(language="es") == [picker["id"]]
        assert await ids(contract_type="seasonal") == [picker["id"]]
        assert await ids(isco="2221") == [nurse["id"]]
        assert await ids(occupation=SPECIALIST_NURSE) == [nurse["id"]]
        assert await ids(q="cardiology") == [nurse["id"]]
        assert set(await ids()) == {nurse["id"], picker["id"]}

    async def test_bad_filters_are_named(self, client: httpx.AsyncClient) -> None:
        for params, field in (
            ({"country": "XX"}, "country"),
            ({"sort": "random"}, "sort"),
            ({"limit": 500}, "limit"),
        ):
            response = await client.get(URL, params=params)
            assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
