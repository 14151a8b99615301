"""Organisations: proposed, verified by officers, browsed by anyone, joined by members."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from diaspora_helpers import API, field_names, register

URL = f"{API}/organisations"


def organisation_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Egyptian Engineers in Italy",
        "country": "IT",
        "city": "Milano",
        "focus": ["water_sanitation", "education"],
        "website": "https://eei.example",
        "contact_email": "info@eei.example",
        "contact_phone": "+39 02 1234 5678",
    }
    body.update(changes)
    return body


async def propose(client: httpx.AsyncClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = await client.post(URL, json=organisation_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


class TestVerification:
    async def test_pending_until_an_officer_verifies(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        created = await propose(client, member)
        assert created["status"] == "pending" and created["country"] == "IT"
        assert (await client.get(URL)).json()["total"] == 0
        assert (await client.get(f"{URL}/{created['id']}")).status_code == 404
        assert (await client.get(f"{URL}/{created['id']}", headers=member)).status_code == 200
        assert (await client.get(f"{URL}/{created['id']}", headers=other_member)).status_code == 404
        assert (await client.get(URL, params={"status": "pending"}, headers=officer)).json()["total"] == 1
        assert (await client.get(URL, params={"status": "pending"}, headers=member)).status_code == 403
        verify = {"status": "verified"}
        assert (
            await client.post(f"{URL}/{created['id']}/status", json=verify, headers=member)
        ).status_code == 403
        assert (await client.post(f"{URL}/{created['id']}/status", json=verify)).status_code == 401
        verified = await client.post(f"{URL}/{created['id']}/status", json=verify, headers=officer)
        assert verified.status_code == 200 and verified.json()["status"] == "verified"
        assert [o["name"] for o in (await client.get(URL)).json()["items"]] == ["Egyptian Engineers in Italy"]
        rejected = await client.post(
            f"{URL}/{created['id']}/status", json={"status": "rejected"}, headers=officer
        )
        assert rejected.status_code == 409

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"country": "XX"}, "country"),
            ({"website": "not a url"}, "website"),
            ({"focus": ["mining"]}, "focus.0"),
            ({"contact_phone": "123"}, "contact_phone"),
            ({"name": ""}, "name"),
        ],
    )
    async def test_bad_input_names_the_field(
        self, client: httpx.AsyncClient, officer: dict[str, str], changes: dict[str, Any], field: str
    ) -> None:
        response = await client.post(URL, json=organisation_body(**changes), headers=officer)
        assert response.status_code == 422 and field in field_names(response)

    async def test_who_may_propose(self, client: httpx.AsyncClient, job_seeker: dict[str, str]) -> None:
        assert (await client.post(URL, json=organisation_body(), headers=job_seeker)).status_code == 403
        assert (await client.post(URL, json=organisation_body())).status_code == 401


class TestMembership:
    async def test_members_link_to_verified_organisations(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        created = await propose(client, officer)
        link = f"{API}/members/me/organisations/{created['id']}"
        assert (await client.put(link, headers=member)).status_code == 409  # still pending
        await client.post(f"{URL}/{created['id']}/status", json={"status": "verified"}, headers=officer)
        assert (await client.put(link, headers=member)).status_code == 204
        assert (await client.put(link, headers=member)).status_code == 204  # idempotent
        mine = (await client.get(f"{API}/members/me/organisations", headers=member)).json()
        assert [o["id"] for o in mine] == [created["id"]]
        assert (await client.delete(link, headers=member)).status_code == 204
        assert (await client.get(f"{API}/members/me/organisations", headers=member)).json() == []
        assert (await client.put(link, headers=officer)).status_code == 403
        missing = f"{API}/members/me/organisations/00000000-0000-0000-0000-000000000000"
        assert (await client.put(missing, headers=member)).status_code == 404
