"""Country profiles: standard facts from CLDR, editor-written summary and numbers, public reads."""

from __future__ import annotations

import httpx
from info_helpers import API, country_body, published_article, put_country


class TestPutCountry:
    async def test_editor_creates_then_replaces_a_profile(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        created = await client.put(f"{API}/countries/EG", json=country_body("origin"), headers=editor)
        assert created.status_code == 201, created.text
        assert created.json()["code"] == "EG"
        replaced = await client.put(
            f"{API}/countries/EG", json=country_body("origin", summary={"en": "New."}), headers=editor
        )
        assert replaced.status_code == 200
        assert replaced.json()["summary"] == {"en": "New."}

    async def test_machine_client_with_write_scope_may_write(
        self, client: httpx.AsyncClient, writer_client: dict[str, str]
    ) -> None:
        response = await client.put(f"{API}/countries/DE", json=country_body(), headers=writer_client)
        assert response.status_code == 201

    async def test_anonymous_and_non_editors_are_refused(
        self, client: httpx.AsyncClient, seeker: dict[str, str]
    ) -> None:
        assert (await client.put(f"{API}/countries/IT", json=country_body())).status_code == 401
        refused = await client.put(f"{API}/countries/IT", json=country_body(), headers=seeker)
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        assert (await client.get(f"{API}/countries/IT")).status_code == 404

    async def test_unknown_code_language_or_field_is_a_problem_naming_it(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        unknown = await client.put(f"{API}/countries/XX", json=country_body(), headers=editor)
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "code"
        language = await client.put(
            f"{API}/countries/IT", json=country_body(summary={"de": "Hallo"}), headers=editor
        )
        assert language.status_code == 422
        assert language.json()["errors"][0]["field"].startswith("summary.de")
        extra = await client.put(
            f"{API}/countries/IT", json={**country_body(), "capital": "Rome"}, headers=editor
        )
        assert extra.status_code == 422
        assert extra.json()["errors"][0]["field"] == "capital"
        number = await client.put(
            f"{API}/countries/IT",
            json=country_body(emergency_numbers=[{"service": "police", "number": "11-2"}]),
            headers=editor,
        )
        assert number.status_code == 422
        assert number.json()["errors"][0]["field"] == "emergency_numbers.0.number"


class TestCountryProfile:
    async def test_profile_has_standard_facts_in_the_wanted_language(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "EG", role="origin")
        response = await client.get(f"{API}/countries/EG", params={"lang": "ar"})
        assert response.status_code == 200
        profile = response.json()
        assert profile["name"] == "مصر"
        assert profile["dir"] == "rtl"
        assert profile["names"]["fr"] == "Égypte"
        assert profile["official_languages"] == [{"code": "ar", "name": "العربية"}]
        assert profile["currencies"] == ["EGP"]
        assert profile["time_zones"] == ["Africa/Cairo"]
        assert profile["summary"] == "ملخص تجريبي."
        assert profile["links"]["offices"] == f"{API}/offices?country=EG"

    async def test_summary_falls_back_to_default_language_and_says_so(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        profile = (
            await client.get(f"{API}/countries/IT", headers={"Accept-Language": "it-IT,it;q=0.9"})
        ).json()
        assert profile["language"] == "it"
        assert profile["name"] == "Italia"
        assert profile["summary_language"] == "en"
        assert profile["summary"] == "Sample summary."

    async def test_profile_lists_published_articles_only(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        draft = await client.post(
            f"{API}/articles",
            json={
                "country": "IT",
                "topics": ["health"],
                "translation": {
                    "language": "en",
                    "slug": "draft-one",
                    "title": "Draft",
                    "summary": "Not yet.",
                    "body": "Draft.",
                },
            },
            headers=editor,
        )
        assert draft.status_code == 201
        profile = (await client.get(f"{API}/countries/IT")).json()
        assert [link["id"] for link in profile["articles"]] == [article_id]

    async def test_list_filters_by_role(self, client: httpx.AsyncClient, editor: dict[str, str]) -> None:
        await put_country(client, editor, "EG", role="origin")
        await put_country(client, editor, "IT")
        listing = (await client.get(f"{API}/countries", params={"role": "destination"})).json()
        assert [item["code"] for item in listing["items"]] == ["IT"]
        assert listing["total"] == 1


class TestPublicCaching:
    async def test_public_get_sends_etag_and_answers_304(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        first = await client.get(f"{API}/countries/IT")
        tag = first.headers["etag"]
        assert first.headers["cache-control"].startswith("public, max-age=")
        assert "Accept-Language" in first.headers["vary"]
        again = await client.get(f"{API}/countries/IT", headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        await put_country(client, editor, "IT", summary={"en": "Changed."})
        changed = await client.get(f"{API}/countries/IT", headers={"If-None-Match": tag})
        assert changed.status_code == 200
        assert changed.headers["etag"] != tag

    async def test_each_language_has_its_own_tag(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        await put_country(client, editor, "IT")
        english = await client.get(f"{API}/countries/IT", params={"lang": "en"})
        french = await client.get(
            f"{API}/countries/IT", params={"lang": "fr"}, headers={"If-None-Match": english.headers["etag"]}
        )
        assert french.status_code == 200
        assert french.json()["name"] == "Italie"
