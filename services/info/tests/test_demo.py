"""The demo seed: a working portal from one command, every item marked as sample content."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from info_helpers import API

from imis_info.cli import main, seed_demo
from imis_info.models import Base
from imis_testing import empty_tables


class TestSeedDemo:
    async def test_loads_a_marked_sample_set_once(self, client: httpx.AsyncClient, database_url: str) -> None:
        assert "loaded SAMPLE content" in await seed_demo(database_url)
        assert "nothing changed" in await seed_demo(database_url)
        countries = (await client.get(f"{API}/countries")).json()
        assert [c["code"] for c in countries["items"]] == ["DE", "EG", "ES", "IT"]
        topics = [t["code"] for t in (await client.get(f"{API}/topics")).json()]
        for topic in topics:
            listing = (await client.get(f"{API}/articles", params={"topic": topic})).json()
            assert listing["total"] >= 1, topic
        articles = (await client.get(f"{API}/articles", params={"limit": 100})).json()["items"]
        assert articles
        assert all(a["title"].endswith("(sample)") for a in articles)
        arabic = (await client.get(f"{API}/articles", params={"lang": "ar", "limit": 100})).json()["items"]
        assert sum(a["language"] == "ar" for a in arabic) == 3
        first = (await client.get(f"{API}/articles/{articles[0]['id']}")).json()
        assert "Sample content" in first["body_html"]
        italy = (await client.get(f"{API}/countries/IT", params={"lang": "it"})).json()
        assert italy["alerts"][0]["title"].startswith("Avviso di esempio")
        assert italy["emergency_numbers"] == [{"service": "general", "number": "112"}]
        quotes = (await client.get(f"{API}/remittances", params={"from": "IT", "to": "EG"})).json()["items"]
        assert all(q["provider"].startswith("Sample") for q in quotes)
        assert len(quotes) == 3
        offices = (await client.get(f"{API}/offices/nearest", params={"lat": 45.07, "lon": 7.69})).json()
        assert offices[0]["name"] == "Consulate of Egypt in Milan (sample entry)"
        hits = (await client.get(f"{API}/search", params={"q": "passport"})).json()
        assert hits["total"] >= 1

    def test_command_line(
        self, database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("IMIS_INFO_DATABASE_URL", database_url)
        monkeypatch.setenv("IMIS_INFO_ENVIRONMENT", "test")
        try:
            assert main(["seed-demo"]) == 0
            assert "SAMPLE" in capsys.readouterr().err
            assert main(["seed-demo"]) == 0
            assert "nothing changed" in capsys.readouterr().err
        finally:
            asyncio.run(empty_tables(database_url, Base.metadata))
