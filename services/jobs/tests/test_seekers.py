"""Job seekers: own profile, consent, erasure, and what staff and employers may see."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from jobs_helpers import (
    SPECIALIST_NURSE,
    bearer,
    client_bearer,
    seeker_body,
    verified_employer,
)

from imis_testing import SigningKey

URL = "/api/v1/jobs/seekers"


async def create(client: httpx.AsyncClient, headers: dict[str, str], **changes: object) -> dict[str, object]:
    response = await client.post(f"{URL}/me", json=seeker_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def verified_employer_user(
    client: httpx.AsyncClient, signing_key: SigningKey, officer: dict[str, str], verify: bool = True
) -> dict[str, str]:
    headers = bearer(signing_key, "employer-1", "employer")
    await verified_employer(client, headers, officer, verify)
    return headers


class TestOwnProfile:
    async def test_create_read_and_change(self, client: httpx.AsyncClient, seeker: dict[str, str]) -> None:
        created = await create(client, seeker)
        assert created["phone"] == "+201001234567" and created["consent_changed_at"]
        assert created["occupations"][0]["isco_code"] == "2221"
        changed = await client.patch(f"{URL}/me", json={"discoverable": False, "skills": []}, headers=seeker)
        assert changed.json()["discoverable"] is False
        assert (await client.get(f"{URL}/me", headers=seeker)).json()["discoverable"] is False

    async def test_required_fields_and_consent_cannot_be_cleared(
        self, client: httpx.AsyncClient, seeker: dict[str, str]
    ) -> None:
        """The server refuses null for them, and the document no longer says null is fine."""
        await create(client, seeker)
        for field in ("full_name", "date_of_birth", "citizenship", "residence_country", "discoverable"):
            response = await client.patch(f"{URL}/me", json={field: None}, headers=seeker)
            assert response.status_code == 422, field
            assert [error["field"] for error in response.json()["errors"]] == [field]
        document = (await client.get("/openapi.json")).json()
        fields = document["components"]["schemas"]["SeekerUpdate"]["properties"]
        assert "null" not in str(fields["full_name"]) and "null" not in str(fields["discoverable"])
        assert "null" in str(fields["phone"])  # optional ones can still be cleared

    async def test_one_profile_per_user(self, client: httpx.AsyncClient, seeker: dict[str, str]) -> None:
        await create(client, seeker)
        assert (await client.post(f"{URL}/me", json=seeker_body(), headers=seeker)).status_code == 409

    async def test_consent_is_off_unless_given(
        self, client: httpx.AsyncClient, seeker: dict[str, str]
    ) -> None:
        body = seeker_body()
        del body["discoverable"]
        created = (await client.post(f"{URL}/me", json=body, headers=seeker)).json()
        assert created["discoverable"] is False and created["consent_changed_at"] is None

    async def test_erasure_removes_everything(
        self, client: httpx.AsyncClient, seeker: dict[str, str], officer: dict[str, str]
    ) -> None:
        await create(client, seeker)
        assert (await client.delete(f"{URL}/me", headers=seeker)).status_code == 204
        assert (await client.get(f"{URL}/me", headers=seeker)).status_code == 404
        assert (await client.get(URL, headers=officer)).json()["total"] == 0

    async def test_only_job_seekers_have_one(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        employer = bearer(signing_key, "employer-1", "employer")
        assert (await client.post(f"{URL}/me", json=seeker_body(), headers=employer)).status_code == 403
        assert (await client.get(f"{URL}/me")).status_code == 401

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            (
                {"occupations": [{"occupation_id": "00000000-0000-0000-0000-000000000000", "years": 1}]},
                "occupations.0.occupation_id",
            ),
            ({"skills": ["00000000-0000-0000-0000-000000000000"]}, "skills.0"),
            ({"residence_subdivision": "IT-21"}, "residence_subdivision"),
            ({"residence_subdivision": "EG-ZZ"}, "residence_subdivision"),
            ({"languages": [{"language": "it", "level": "B3"}]}, "languages.0.level"),
            ({"date_of_birth": "2020-01-01"}, "date_of_birth"),
            ({"preferred_countries": ["XX"]}, "preferred_countries.0"),
            ({"phone": "0100 123"}, "phone"),
            ({"gender": "female"}, "gender"),
        ],
    )
    async def test_bad_input_names_the_field(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        changes: dict[str, object],
        field: str,
    ) -> None:
        response = await client.post(f"{URL}/me", json=seeker_body(**changes), headers=seeker)
        assert response.status_code == 422, response.text
        assert field in {error["field"] for error in response.json()["errors"]}
        assert (await client.get(URL, headers=officer)).json()["total"] == 0


class TestConcurrentEdits:
    async def test_parallel_edits_of_one_profile_all_succeed(
        self, client: httpx.AsyncClient, seeker: dict[str, str]
    ) -> None:
        """A person editing on two devices, or a double-tapped save: edits of the same profile
        queue behind each other, and each answers 200 (on PostgreSQL they once raced on the match
        profile's rows and one answered 500)."""
        await create(client, seeker)
        bodies = (
            [
                {"languages": [{"language": "ar", "level": "C2"}, {"language": "it", "level": level}]}
                for level in ("A1", "A2", "B1", "B2", "C1", "C2")
            ]
            + [{"education_level": level} for level in (4, 5, 6, 7)]
            + [{"languages": []}] * 4
        )
        responses = await asyncio.gather(
            *(client.patch(f"{URL}/me", json=body, headers=seeker) for body in bodies)
        )
        assert [response.status_code for response in responses] == [200] * len(bodies), [
            response.text for response in responses if response.status_code != 200
        ]
        final = (await client.get(f"{URL}/me", headers=seeker)).json()
        assert final["languages"] == [] or len(final["languages"]) == 2


class TestWhoSeesAProfile:
    async def test_staff_see_everything(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        created = await create(client, seeker, discoverable=False)
        full = (await client.get(f"{URL}/{created['id']}", headers=officer)).json()
        assert full["phone"] == "+201001234567" and full["date_of_birth"] == "1994-05-17"
        machine = await client.get(
            f"{URL}/{created['id']}", headers=client_bearer(signing_key, "ministry-it", "jobs:read")
        )
        assert machine.status_code == 403  # a machine never sees a person whole (test_machine_clients)

    async def test_verified_employers_see_consenting_seekers_without_contact_details(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        created = await create(client, seeker)
        employer = await verified_employer_user(client, signing_key, officer)
        profile = (await client.get(f"{URL}/{created['id']}", headers=employer)).json()
        assert profile["full_name"] == "Mona Adel"
        assert "phone" not in profile and "email" not in profile and "date_of_birth" not in profile

    async def test_withdrawn_consent_hides_the_profile(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        created = await create(client, seeker)
        employer = await verified_employer_user(client, signing_key, officer)
        await client.patch(f"{URL}/me", json={"discoverable": False}, headers=seeker)
        assert (await client.get(f"{URL}/{created['id']}", headers=employer)).status_code == 404

    async def test_unverified_employers_and_other_seekers_are_refused(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        created = await create(client, seeker)
        pending = await verified_employer_user(client, signing_key, officer, verify=False)
        assert (await client.get(f"{URL}/{created['id']}", headers=pending)).status_code == 403
        other = bearer(signing_key, "seeker-2", "job_seeker")
        assert (await client.get(f"{URL}/{created['id']}", headers=other)).status_code == 403
        assert (await client.get(URL, headers=other)).status_code == 403

    async def test_staff_filter_the_list(
        self,
        client: httpx.AsyncClient,
        seeker: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        await create(client, seeker)
        await create(
            client,
            bearer(signing_key, "seeker-2", "job_seeker"),
            full_name="Omar Said",
            residence_subdivision="EG-ALX",
            occupations=[],
            discoverable=False,
        )

        async def names(**params: str) -> list[str]:
            return [
                s["full_name"]
                for s in (await client.get(URL, params=params, headers=officer)).json()["items"]
            ]

        assert await names() == ["Mona Adel", "Omar Said"]
        assert await names(residence_subdivision="EG-ALX") == ["Omar Said"]
        assert await names(occupation=SPECIALIST_NURSE) == ["Mona Adel"]
        assert await names(isco="22") == ["Mona Adel"]
        assert await names(discoverable="false") == ["Omar Said"]
