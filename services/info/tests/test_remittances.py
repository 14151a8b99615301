"""Remittance corridors: editors record provider prices; anyone compares them cheapest first."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import httpx
from info_helpers import API

REMITTANCES = f"{API}/remittances"


def quote_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "from_country": "IT",
        "to_country": "EG",
        "provider": "Sample Transfer Co.",
        "channel": "money_transfer_operator",
        "send_currency": "EUR",
        "receive_currency": "EGP",
        "fee_fixed": "4.90",
        "fee_percent": "0",
        "fx_margin_percent": "2.50",
        "speed": "minutes",
        "recorded_date": date.today().isoformat(),
    }
    body.update(changes)
    return body


class TestCompare:
    async def test_cheapest_first_for_the_amount(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        # At 200: A = 4.90 + 5.00 = 9.90; B = 0 + 200 x 4.5% = 9.00; C = 12 + 0.50 = 12.50.
        # At 1000: A = 29.90; B = 45.00; C = 14.50.
        for provider, fixed, margin in (("A", "4.90", "2.50"), ("B", "0", "4.50"), ("C", "12.00", "0.25")):
            created = await client.post(
                REMITTANCES,
                json=quote_body(provider=provider, fee_fixed=fixed, fx_margin_percent=margin),
                headers=editor,
            )
            assert created.status_code == 201, created.text
        await client.post(
            REMITTANCES, json=quote_body(to_country="MA", provider="Other corridor"), headers=editor
        )
        small = (await client.get(REMITTANCES, params={"from": "IT", "to": "EG", "amount": 200})).json()
        assert [(q["provider"], q["total_cost"]) for q in small["items"]] == [
            ("B", "9.00"),
            ("A", "9.90"),
            ("C", "12.50"),
        ]
        assert small["items"][0]["total_cost_percent"] == "4.50"
        assert small["total"] == 3
        large = (await client.get(REMITTANCES, params={"from": "IT", "to": "EG", "amount": "1000"})).json()
        assert [q["provider"] for q in large["items"]] == ["C", "A", "B"]
        default = (await client.get(REMITTANCES, params={"from": "IT", "to": "EG"})).json()
        assert default["items"][0]["amount"] == "200"

    async def test_the_amount_is_documented_as_the_strings_it_accepts(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        (amount,) = [p for p in document["paths"][REMITTANCES]["get"]["parameters"] if p["name"] == "amount"]
        pattern = re.compile(amount["schema"]["pattern"])
        for accepted in ("200", "0.01", "9999.99", "10000", "10000.00"):
            assert pattern.match(accepted), accepted
            response = await client.get(REMITTANCES, params={"from": "IT", "to": "EG", "amount": accepted})
            assert response.status_code == 200, accepted
        for refused in ("0", "0.00", "10000.01", "1e3", "-5", "12.345"):
            assert not pattern.match(refused), refused

    async def test_bad_queries(self, client: httpx.AsyncClient) -> None:
        for params, field in (
            ({"from": "XX", "to": "EG"}, "from"),
            ({"from": "IT"}, "to"),
            ({"from": "IT", "to": "EG", "amount": 0}, "amount"),
            ({"from": "IT", "to": "EG", "amount": "1e9"}, "amount"),
            ({"from": "IT", "to": "EG", "amount": "1e3"}, "amount"),  # 1000, but not as the document says
            ({"from": "IT", "to": "EG", "amount": "10000.01"}, "amount"),
            ({"from": "IT", "to": "EG", "amount": "12.345"}, "amount"),
            ({"from": "IT", "to": "EG", "amount": "abc"}, "amount"),  # was a decimal_parsing error
        ):
            response = await client.get(REMITTANCES, params=params)
            assert response.status_code == 422, params
            assert response.json()["errors"][0]["field"] == field


class TestMaintain:
    async def test_editor_updates_and_deletes(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        quote = (await client.post(REMITTANCES, json=quote_body(), headers=editor)).json()
        assert quote["send_currency"] == "EUR"
        updated = await client.patch(
            f"{REMITTANCES}/{quote['id']}", json={"fee_fixed": "3.00"}, headers=editor
        )
        assert updated.json()["fee_fixed"] == "3.00"
        duplicate = await client.post(REMITTANCES, json=quote_body(), headers=editor)
        assert duplicate.status_code == 409
        assert (await client.delete(f"{REMITTANCES}/{quote['id']}", headers=editor)).status_code == 204
        assert (await client.get(REMITTANCES, params={"from": "IT", "to": "EG"})).json()["total"] == 0

    async def test_refused_callers_and_bad_input(
        self, client: httpx.AsyncClient, editor: dict[str, str], seeker: dict[str, str]
    ) -> None:
        assert (await client.post(REMITTANCES, json=quote_body())).status_code == 401
        assert (await client.post(REMITTANCES, json=quote_body(), headers=seeker)).status_code == 403
        for body, field in (
            (quote_body(send_currency="EURO"), "send_currency"),
            (quote_body(fx_margin_percent="-1"), "fx_margin_percent"),
            (quote_body(speed="instant"), "speed"),
            ({**quote_body(), "rating": 5}, "rating"),
            (quote_body(fee_fixed=4.9), "fee_fixed"),  # money is a decimal string, never a JSON number
            (quote_body(fee_fixed="4.905"), "fee_fixed"),
            (quote_body(fee_percent="100"), "fee_percent"),
            (quote_body(to_country="IT"), "to_country"),
            (quote_body(recorded_date=(date.today() + timedelta(days=1)).isoformat()), "recorded_date"),
        ):
            response = await client.post(REMITTANCES, json=body, headers=editor)
            assert response.status_code == 422, (field, response.text)
            assert [error["field"] for error in response.json()["errors"]] == [field]
