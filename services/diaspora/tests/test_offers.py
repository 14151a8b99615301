"""Contribution offers: members manage their own; staff list and filter all."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from diaspora_helpers import API, bearer, client_bearer, field_names, register

from imis_testing import SigningKey

MINE = f"{API}/members/me/offers"


def offer_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "investment",
        "sector": "agriculture",
        "description": "Co-invest in drip irrigation for smallholders in the Delta.",
        "amount_min": "10000",
        "amount_max": "50000",
        "currency": "EUR",
    }
    body.update(changes)
    return body


MENTORING = {
    "type": "mentoring",
    "sector": "ict",
    "description": "Mentor young software developers remotely.",
    "available_from": "2027-01-01",
    "available_until": "2027-06-30",
    "mode": "remote",
    "days": 12,
}


async def offer(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(MINE, json=body, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


class TestOwnOffers:
    async def test_create_list_change_and_withdraw(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        await register(client, member)
        created = await offer(client, member, offer_body())
        assert created["currency"] == "EUR" and created["amount_max"] == "50000.00"
        await offer(client, member, MENTORING)
        assert (await client.get(MINE, headers=member)).json()["total"] == 2
        changed = await client.patch(
            f"{API}/offers/{created['id']}", json={"amount_max": "60000"}, headers=member
        )
        assert changed.status_code == 200 and changed.json()["amount_max"] == "60000.00"
        assert (await client.delete(f"{API}/offers/{created['id']}", headers=member)).status_code == 204
        assert [o["type"] for o in (await client.get(MINE, headers=member)).json()["items"]] == ["mentoring"]

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            (offer_body(amount_min="0"), "amount_min"),
            (offer_body(amount_min="-5"), "amount_min"),
            (offer_body(amount_max="5000"), "amount_max"),
            (offer_body(currency="XYZ"), "currency"),
            (offer_body(currency=None), "currency"),
            ({**MENTORING, "amount_min": "100", "amount_max": "200", "currency": "EUR"}, "amount_min"),
            ({**MENTORING, "available_until": "2026-01-01"}, "available_until"),
            ({**MENTORING, "days": 0}, "days"),
            ({**MENTORING, "type": "lobbying"}, "type"),
            ({**MENTORING, "sector": "mining"}, "sector"),
            ({**MENTORING, "note": "x"}, "note"),
        ],
    )
    async def test_bad_offers_name_the_field(
        self, client: httpx.AsyncClient, member: dict[str, str], body: dict[str, Any], field: str
    ) -> None:
        await register(client, member)
        response = await client.post(MINE, json=body, headers=member)
        assert response.status_code == 422, response.text
        assert field in field_names(response)
        assert (await client.get(MINE, headers=member)).json()["total"] == 0

    async def test_a_change_that_breaks_the_rules_is_refused(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        await register(client, member)
        created = await offer(client, member, offer_body())
        response = await client.patch(
            f"{API}/offers/{created['id']}", json={"type": "mentoring"}, headers=member
        )
        assert response.status_code == 422 and "amount_min" in field_names(response)

    async def test_others_cannot_touch_an_offer(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await register(client, member)
        await register(client, other_member, email="other@example.org")
        created = await offer(client, member, MENTORING)
        url = f"{API}/offers/{created['id']}"
        assert (await client.patch(url, json={"days": 3}, headers=other_member)).status_code == 404
        assert (await client.delete(url, headers=other_member)).status_code == 404
        assert (await client.delete(url, headers=officer)).status_code == 403
        assert (await client.delete(url)).status_code == 401

    async def test_registration_comes_first(self, client: httpx.AsyncClient, member: dict[str, str]) -> None:
        assert (await client.post(MINE, json=MENTORING, headers=member)).status_code == 404


class TestStaffList:
    async def test_staff_filter_all_offers(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        await register(client, member)
        await register(
            client, other_member, email="amal@example.org", full_name="Amal Farouk", residence_country="DE"
        )
        await offer(client, member, offer_body())
        await offer(client, other_member, MENTORING)

        async def names(headers: dict[str, str], **params: str) -> list[str]:
            response = await client.get(f"{API}/offers", params=params, headers=headers)
            assert response.status_code == 200, response.text
            return sorted(o["member_name"] for o in response.json()["items"])

        assert await names(officer) == ["Amal Farouk", "Karim Nabil"]
        assert await names(officer, type="mentoring") == ["Amal Farouk"]
        assert await names(officer, sector="agriculture", currency="EUR") == ["Karim Nabil"]
        assert await names(officer, mode="remote") == ["Amal Farouk"]
        assert await names(officer, residence_country="IT") == ["Karim Nabil"]
        assert await names(client_bearer(signing_key, "stats", "diaspora:read")) == [
            "Amal Farouk",
            "Karim Nabil",
        ]
        assert (await client.get(f"{API}/offers", headers=member)).status_code == 403
        assert (
            await client.get(f"{API}/offers", headers=bearer(signing_key, "e", "employer"))
        ).status_code == 403
        assert (await client.get(f"{API}/offers")).status_code == 401
