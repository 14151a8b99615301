"""Attack suite: extra fields (status, owner, id, ...) sent to the jobs service's sensitive
operations are refused with 422 naming each, and change nothing (docs/security.md)."""

from __future__ import annotations

import httpx
from jobs_helpers import employer_body, seeker_body, vacancy_body, verified_employer

from imis_testing.attacks import assert_extra_fields_refused

API = "/api/v1/jobs"


class TestMassAssignment:
    async def test_employer_create_and_update(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        await assert_extra_fields_refused(client, "POST", f"{API}/employers", employer_body(), owner)
        employer_id = await verified_employer(client, owner, officer, verify=False)
        path = f"{API}/employers/{employer_id}"
        await assert_extra_fields_refused(client, "PATCH", path, {"city": "Roma"}, owner)
        shown = (await client.get(path, headers=owner)).json()
        assert (shown["status"], shown["city"]) == ("pending", "Latina")

    async def test_vacancy_create_and_update(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        await assert_extra_fields_refused(
            client, "POST", f"{API}/vacancies", vacancy_body(employer_id), owner
        )
        created = await client.post(f"{API}/vacancies", json=vacancy_body(employer_id), headers=owner)
        assert created.status_code == 201, created.text
        path = f"{API}/vacancies/{created.json()['id']}"
        await assert_extra_fields_refused(client, "PATCH", path, {"positions": 5}, owner)
        shown = (await client.get(path, headers=owner)).json()
        assert (shown["status"], shown["positions"]) == ("draft", 4)

    async def test_seeker_profile(self, client: httpx.AsyncClient, seeker: dict[str, str]) -> None:
        await assert_extra_fields_refused(client, "POST", f"{API}/seekers/me", seeker_body(), seeker)
        created = await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)
        assert created.status_code == 201, created.text
        await assert_extra_fields_refused(
            client, "PATCH", f"{API}/seekers/me", {"full_name": "New Name"}, seeker
        )
