"""Alerts: per country and language, in force between their dates, shown on the profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from info_helpers import API, put_country

ALERTS = f"{API}/alerts"


def alert_body(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    body: dict[str, Any] = {
        "country": "IT",
        "severity": "warning",
        "texts": {
            "en": {"title": "Fake job offers", "body": "Offers asking for a fee are scams."},
            "ar": {"title": "عروض عمل وهمية", "body": "العروض التي تطلب رسوماً احتيال."},
        },
        "valid_from": (now - timedelta(days=1)).isoformat(),
        "valid_until": (now + timedelta(days=30)).isoformat(),
    }
    body.update(changes)
    return body


class TestAlerts:
    async def test_active_alerts_in_the_wanted_language_and_on_the_profile(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        now = datetime.now(UTC)
        current = await client.post(ALERTS, json=alert_body(), headers=editor)
        assert current.status_code == 201, current.text
        critical = await client.post(ALERTS, json=alert_body(severity="critical"), headers=editor)
        expired = alert_body(
            valid_from=(now - timedelta(days=10)).isoformat(),
            valid_until=(now - timedelta(days=1)).isoformat(),
        )
        future = alert_body(valid_from=(now + timedelta(days=2)).isoformat(), valid_until=None)
        for body in (expired, future):
            assert (await client.post(ALERTS, json=body, headers=editor)).status_code == 201
        listing = (await client.get(ALERTS, params={"country": "IT", "lang": "ar"})).json()
        assert listing["total"] == 2
        assert listing["items"][0]["title"] == "عروض عمل وهمية"
        assert listing["items"][0]["dir"] == "rtl"
        french = (await client.get(ALERTS, params={"lang": "fr"})).json()["items"][0]
        assert french["language"] == "en"
        profile = (await client.get(f"{API}/countries/IT")).json()
        assert [a["id"] for a in profile["alerts"]] == [critical.json()["id"], current.json()["id"]]
        everything = await client.get(f"{ALERTS}/all", headers=editor)
        assert everything.json()["total"] == 4
        assert (await client.get(f"{ALERTS}/all")).status_code == 401

    async def test_ending_an_alert_removes_it(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        alert = (await client.post(ALERTS, json=alert_body(), headers=editor)).json()
        ended = await client.patch(
            f"{ALERTS}/{alert['id']}", json={"valid_until": datetime.now(UTC).isoformat()}, headers=editor
        )
        assert ended.status_code == 200
        assert (await client.get(ALERTS)).json()["total"] == 0

    async def test_refused_callers_and_bad_input(
        self, client: httpx.AsyncClient, editor: dict[str, str], seeker: dict[str, str]
    ) -> None:
        assert (await client.post(ALERTS, json=alert_body())).status_code == 401
        assert (await client.post(ALERTS, json=alert_body(), headers=seeker)).status_code == 403
        no_profile = await client.post(ALERTS, json=alert_body(country="DE"), headers=editor)
        assert no_profile.status_code == 422
        assert no_profile.json()["errors"][0]["field"] == "country"
        await put_country(client, editor, "IT")
        now = datetime.now(UTC)
        backwards = alert_body(valid_from=now.isoformat(), valid_until=(now - timedelta(hours=1)).isoformat())
        assert (await client.post(ALERTS, json=backwards, headers=editor)).status_code == 422
        german = alert_body(texts={"de": {"title": "X", "body": "Y"}})
        assert (await client.post(ALERTS, json=german, headers=editor)).status_code == 422
        naive = alert_body(valid_from="2026-01-01T00:00:00")
        assert (await client.post(ALERTS, json=naive, headers=editor)).json()["errors"][0][
            "field"
        ] == "valid_from"
        alert = (await client.post(ALERTS, json=alert_body(), headers=editor)).json()
        past = await client.patch(
            f"{ALERTS}/{alert['id']}",
            json={"valid_until": (now - timedelta(days=5)).isoformat()},
            headers=editor,
        )
        assert past.status_code == 422
        assert past.json()["errors"][0]["field"] == "valid_until"


class TestEveryAlert:
    """GET /alerts/all is for editors: the document lists the 401 and 403 it answers."""

    async def test_anonymous_callers_are_asked_for_a_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{ALERTS}/all")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    async def test_other_users_are_refused(self, client: httpx.AsyncClient, seeker: dict[str, str]) -> None:
        assert (await client.get(f"{ALERTS}/all", headers=seeker)).status_code == 403

    async def test_editors_see_them(self, client: httpx.AsyncClient, editor: dict[str, str]) -> None:
        response = await client.get(f"{ALERTS}/all", headers=editor)
        assert response.status_code == 200 and response.json()["total"] == 0
