"""The public register: anyone checks whether an employer is known and an agency licensed, until when."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from jobs_helpers import bearer, employer_body, vacancy_body

from imis_testing import SigningKey

REGISTER = "/api/v1/jobs/register"
EMPLOYERS = "/api/v1/jobs/employers"
NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()
LAST_WEEK = (date.today() - timedelta(days=7)).isoformat()


async def employer(
    client: httpx.AsyncClient,
    owner: dict[str, str],
    officer: dict[str, str],
    status: str | None,
    **body: object,
) -> str:
    created = await client.post(EMPLOYERS, json=employer_body(**body), headers=owner)
    assert created.status_code == 201, created.text
    employer_id: str = created.json()["id"]
    if status is not None:
        reason = None if status == "verified" else "not a real company"
        decided = await client.post(
            f"{EMPLOYERS}/{employer_id}/status", json={"status": status, "reason": reason}, headers=officer
        )
        assert decided.status_code == 200, decided.text
    return employer_id


class TestRegister:
    async def test_lists_employers_in_good_standing_with_their_licences_and_nothing_personal(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        agency = await employer(
            client,
            owner,
            officer,
            "verified",
            name="Nile Recruitment",
            type="recruitment_agency",
            licence_number="RA-2026-77",
            licence_issuer="Ministry of Labour, Egypt",
            licence_valid_until=NEXT_YEAR,
        )
        lapsed = await employer(
            client,
            owner,
            officer,
            "verified",
            name="Delta Manpower",
            type="recruitment_agency",
            licence_number="RA-2019-12",
            licence_valid_until=LAST_WEEK,
        )
        direct = await employer(client, owner, officer, "verified", name="Azienda Agricola Rossi")
        await employer(client, owner, officer, None, name="Pending Srl")
        await employer(client, owner, officer, "rejected", name="Rejected Srl")
        response = await client.get(REGISTER)  # anonymous
        assert response.status_code == 200, response.text
        entries = {entry["id"]: entry for entry in response.json()["items"]}
        assert set(entries) == {agency, lapsed, direct} and response.json()["total"] == 3
        assert entries[agency]["licence_status"] == "valid"
        assert entries[agency]["licence_issuer"] == "Ministry of Labour, Egypt"
        assert entries[lapsed]["licence_status"] == "expired"
        assert entries[direct]["licence_status"] == "not_required"
        assert set(entries[agency]) == {
            "id",
            "name",
            "type",
            "country",
            "city",
            "licence_number",
            "licence_issuer",
            "licence_valid_until",
            "licence_status",
        }
        assert "@" not in response.text and "+" not in response.text  # no email, no phone

    async def test_filters_by_name_country_and_kind(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        agency = await employer(
            client, owner, officer, "verified", name="Nile Recruitment", type="recruitment_agency",
            licence_number="RA-1", country="EG", city="Cairo",
        )  # fmt: skip
        await employer(client, owner, officer, "verified", name="Azienda Agricola Rossi")
        for params in ({"q": "NILE"}, {"country": "EG"}, {"type": "recruitment_agency"}):
            found = (await client.get(REGISTER, params=params)).json()
            assert [entry["id"] for entry in found["items"]] == [agency], params
        for params, field in (
            ({"country": "eg"}, "country"),
            ({"type": "broker"}, "type"),
            ({"q": "x" * 101}, "q"),
        ):
            refused = await client.get(REGISTER, params=params)
            assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field

    async def test_shows_the_verified_name_while_a_new_one_is_reviewed(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await employer(client, owner, officer, "verified", name="Azienda Agricola Rossi")
        renamed = await client.patch(
            f"{EMPLOYERS}/{employer_id}", json={"name": "Rossi Group"}, headers=owner
        )
        assert renamed.json()["status"] == "pending"
        entries = (await client.get(REGISTER)).json()["items"]
        assert [entry["name"] for entry in entries] == ["Azienda Agricola Rossi"]


class TestLicences:
    async def test_an_agency_whose_licence_lapsed_cannot_publish(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        agency = await employer(
            client, owner, officer, "verified", type="recruitment_agency", licence_number="RA-9",
            licence_valid_until=LAST_WEEK,
        )  # fmt: skip
        vacancy = (
            await client.post("/api/v1/jobs/vacancies", json=vacancy_body(agency), headers=owner)
        ).json()
        status = f"/api/v1/jobs/vacancies/{vacancy['id']}/status"
        refused = await client.post(status, json={"status": "published"}, headers=owner)
        assert refused.status_code == 409 and LAST_WEEK in refused.json()["detail"]
        # The renewed licence goes to the ministry for review again; once verified, it publishes.
        renewed = await client.patch(
            f"{EMPLOYERS}/{agency}", json={"licence_valid_until": NEXT_YEAR}, headers=owner
        )
        assert renewed.json()["status"] == "pending"
        verified = await client.post(
            f"{EMPLOYERS}/{agency}/status", json={"status": "verified"}, headers=officer
        )
        assert verified.status_code == 200
        assert (await client.post(status, json={"status": "published"}, headers=owner)).status_code == 200

    async def test_licence_fields_are_the_agencys_to_record(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        agency = await employer(
            client, owner, officer, None, type="recruitment_agency", licence_number="RA-3"
        )
        url = f"{EMPLOYERS}/{agency}"
        stranger = bearer(signing_key, "another-employer", "employer")
        assert (
            await client.patch(url, json={"licence_valid_until": NEXT_YEAR}, headers=stranger)
        ).status_code in (
            403,
            404,
        )
        assert (
            await client.patch(url, json={"licence_valid_until": "next year"}, headers=owner)
        ).status_code == 422
        cleared = await client.patch(
            url, json={"licence_valid_until": None, "licence_issuer": None}, headers=owner
        )
        assert cleared.status_code == 200 and cleared.json()["licence_valid_until"] is None
