"""Offices: a public directory with filters and the nearest offices; editors keep it."""

from __future__ import annotations

from typing import Any

import httpx
from info_helpers import API

OFFICES = f"{API}/offices"


def office_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Embassy of Egypt in Rome (sample)",
        "type": "embassy",
        "country": "IT",
        "city": "Roma",
        "address": "Via Salaria 267, 00199 Roma",
        "phones": ["+39 06 884 3794"],
        "email": "Consular@Embassy.example",
        "website": "https://embassy.example/rome",
        "opening_hours": "Mon-Fri 09:00-14:00",
        "services": ["passports", "labour attaché"],
        "latitude": 41.9296,
        "longitude": 12.5066,
    }
    body.update(changes)
    return body


async def add(client: httpx.AsyncClient, editor: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = await client.post(OFFICES, json=office_body(**changes), headers=editor)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


class TestWriteOffices:
    async def test_editor_adds_an_office_with_normalised_contacts(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        office = await add(client, editor)
        assert office["country"] == "IT"
        assert office["phones"] == ["+39068843794"]
        assert office["email"] == "consular@embassy.example"
        changed = await client.patch(f"{OFFICES}/{office['id']}", json={"city": "Rome"}, headers=editor)
        assert changed.json()["city"] == "Rome"
        assert changed.json()["name"] == office["name"]
        assert (await client.delete(f"{OFFICES}/{office['id']}", headers=editor)).status_code == 204
        assert (await client.get(f"{OFFICES}/{office['id']}")).status_code == 404

    async def test_refused_callers(
        self, client: httpx.AsyncClient, editor: dict[str, str], seeker: dict[str, str]
    ) -> None:
        assert (await client.post(OFFICES, json=office_body())).status_code == 401
        assert (await client.post(OFFICES, json=office_body(), headers=seeker)).status_code == 403
        office = await add(client, editor)
        assert (
            await client.patch(f"{OFFICES}/{office['id']}", json={"city": "X"}, headers=seeker)
        ).status_code == 403
        assert (await client.delete(f"{OFFICES}/{office['id']}")).status_code == 401

    async def test_bad_input_names_the_field(self, client: httpx.AsyncClient, editor: dict[str, str]) -> None:
        cases = [
            (office_body(country="XX"), "country"),
            (office_body(phones=["0612345"]), "phones.0"),
            (office_body(type="palace"), "type"),
            (office_body(latitude=91), "latitude"),
            ({**office_body(), "fax": "+39 06 1"}, "fax"),
        ]
        for body, field in cases:
            response = await client.post(OFFICES, json=body, headers=editor)
            assert response.status_code == 422, (field, response.text)
            assert response.json()["errors"][0]["field"] == field
        one_coordinate = await client.post(OFFICES, json=office_body(longitude=None), headers=editor)
        assert one_coordinate.status_code == 422
        assert one_coordinate.json()["errors"][0]["field"] == "longitude"
        office = await add(client, editor)
        dropped = await client.patch(f"{OFFICES}/{office['id']}", json={"latitude": None}, headers=editor)
        assert dropped.status_code == 422
        assert dropped.json()["errors"][0]["field"] == "latitude"
        assert (await client.get(f"{OFFICES}/{office['id']}")).json()["latitude"] == 41.9296
        # A required field cleared is named as itself (it used to be reported as latitude with a
        # pydantic link for message), and the document no longer admits the null.
        cleared = await client.patch(
            f"{OFFICES}/{office['id']}", json={"name": None, "phones": None}, headers=editor
        )
        assert cleared.status_code == 422
        assert {error["field"] for error in cleared.json()["errors"]} == {"name", "phones"}
        assert all("pydantic" not in error["message"] for error in cleared.json()["errors"])
        document = (await client.get("/openapi.json")).json()
        fields = document["components"]["schemas"]["OfficeUpdate"]["properties"]
        assert "null" not in str(fields["name"]) and "null" in str(fields["city"])


class TestFindOffices:
    async def test_filters_by_country_city_and_type(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await add(client, editor)
        await add(client, editor, name="Consulate of Egypt in Milan", type="consulate", city="Milano")
        await add(
            client,
            editor,
            name="Hotline",
            type="hotline",
            country="EG",
            city=None,
            latitude=None,
            longitude=None,
        )
        names = lambda r: [o["name"] for o in r.json()["items"]]  # noqa: E731
        assert names(await client.get(OFFICES, params={"country": "IT", "type": "consulate"})) == [
            "Consulate of Egypt in Milan"
        ]
        assert names(await client.get(OFFICES, params={"city": "milano"})) == ["Consulate of Egypt in Milan"]
        assert (await client.get(OFFICES)).json()["total"] == 3
        assert (await client.get(OFFICES, params={"type": "palace"})).status_code == 422

    async def test_nearest_orders_by_distance_and_skips_offices_without_coordinates(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        rome = await add(client, editor)
        milan = await add(
            client,
            editor,
            name="Consulate in Milan",
            type="consulate",
            city="Milano",
            latitude=45.4642,
            longitude=9.19,
        )
        await add(client, editor, name="Hotline", type="hotline", latitude=None, longitude=None)
        near_milan = (
            await client.get(f"{OFFICES}/nearest", params={"lat": 45.07, "lon": 7.69})
        ).json()  # Turin
        assert [o["id"] for o in near_milan] == [milan["id"], rome["id"]]
        assert 110 < near_milan[0]["distance_km"] < 130
        assert (await client.get(f"{OFFICES}/nearest", params={"lat": 41.9, "lon": 12.5, "limit": 1})).json()[
            0
        ]["id"] == rome["id"]
        bad = await client.get(f"{OFFICES}/nearest", params={"lat": 100, "lon": 0})
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "lat"
        assert (await client.get(f"{OFFICES}/nearest", params={"lon": 0})).status_code == 422
