"""What a machine client sees of people: records with `jobs:read`, never a person's whole profile;
with `jobs:seekers:read`, only the seekers who consented to be found, as an employer sees them, and
never applications."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, published_vacancy, seeker_body

from imis_testing import SigningKey, client_bearer

API = "/api/v1/jobs"
PERSONAL = {"date_of_birth", "phone", "email", "residence_city"}


@pytest.fixture
async def world(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], signing_key: SigningKey
) -> dict[str, Any]:
    """A published vacancy, a seeker who consented to be found and applied, one who did not."""
    vacancy = await published_vacancy(client, owner, officer)
    found = bearer(signing_key, "seeker-found", "job_seeker")
    hidden = bearer(signing_key, "seeker-hidden", "job_seeker")
    visible = (
        await client.post(f"{API}/seekers/me", json=seeker_body(full_name="Found"), headers=found)
    ).json()
    private = (
        await client.post(
            f"{API}/seekers/me", json=seeker_body(full_name="Hidden", discoverable=False), headers=hidden
        )
    ).json()
    applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=found)
    assert applied.status_code == 201
    return {"vacancy": vacancy, "found": visible, "hidden": private, "application": applied.json()}


class TestRecordsReader:
    async def test_jobs_read_reads_records_but_no_person(
        self, client: httpx.AsyncClient, signing_key: SigningKey, world: dict[str, Any]
    ) -> None:
        machine = client_bearer(signing_key, "statistics-office", "jobs:read")
        vacancy, found = world["vacancy"], world["found"]
        for path in (
            "/employers",
            f"/employers/{vacancy['employer']['id']}",
            f"/employers/{vacancy['employer']['id']}/vacancies",
            "/statistics",
        ):
            assert (await client.get(f"{API}{path}", headers=machine)).status_code == 200, path
        for path in (
            "/seekers",
            f"/seekers/{found['id']}",
            f"/seekers/{found['id']}/matches",
            f"/vacancies/{vacancy['id']}/matches",
            "/applications",
            f"/applications/{world['application']['id']}",
        ):
            assert (await client.get(f"{API}{path}", headers=machine)).status_code == 403, path


class TestConsentingSeekersReader:
    async def test_sees_consenting_seekers_minimised_and_no_one_else(
        self, client: httpx.AsyncClient, signing_key: SigningKey, world: dict[str, Any]
    ) -> None:
        partner = client_bearer(signing_key, "partner-ministry", "jobs:seekers:read")
        found, hidden, vacancy = world["found"], world["hidden"], world["vacancy"]

        profile = await client.get(f"{API}/seekers/{found['id']}", headers=partner)
        assert profile.status_code == 200 and profile.json()["full_name"] == "Found"
        assert not PERSONAL & set(profile.json())
        assert (await client.get(f"{API}/seekers/{hidden['id']}", headers=partner)).status_code == 404

        matches = await client.get(f"{API}/vacancies/{vacancy['id']}/matches", headers=partner)
        assert matches.status_code == 200
        assert [item["seeker"]["full_name"] for item in matches.json()["items"]] == ["Found"]
        assert not PERSONAL & set(matches.json()["items"][0]["seeker"])

        assert (await client.get(f"{API}/seekers/{found['id']}/matches", headers=partner)).status_code == 200
        assert (await client.get(f"{API}/seekers/{hidden['id']}/matches", headers=partner)).status_code == 404

        for path in ("/seekers", "/applications", f"/applications/{world['application']['id']}"):
            assert (await client.get(f"{API}{path}", headers=partner)).status_code == 403, path

    async def test_officers_in_person_still_see_every_seeker_whole(
        self, client: httpx.AsyncClient, officer: dict[str, str], world: dict[str, Any]
    ) -> None:
        hidden = await client.get(f"{API}/seekers/{world['hidden']['id']}", headers=officer)
        assert hidden.status_code == 200 and hidden.json()["date_of_birth"] == "1994-05-17"
        listed = await client.get(f"{API}/seekers", headers=officer)
        assert {item["full_name"] for item in listed.json()["items"]} == {"Found", "Hidden"}
        application = await client.get(f"{API}/applications/{world['application']['id']}", headers=officer)
        assert application.status_code == 200
