"""Every public GET can be cached: ETag, Cache-Control, Vary, and 304 for a matching If-None-Match."""

from __future__ import annotations

import httpx
from info_helpers import API, publish, published_article, translation_url


class TestPublicGets:
    async def test_every_public_read_answers_if_none_match_with_304(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        urls = [
            f"{API}/countries",
            f"{API}/countries/IT",
            f"{API}/topics",
            f"{API}/articles",
            f"{API}/articles/{article_id}",
            f"{API}/articles/by-slug/en/work-permit-italy-en",
            f"{API}/search?q=permit",
            f"{API}/offices",
            f"{API}/offices/nearest?lat=41.9&lon=12.5",
            f"{API}/alerts",
            f"{API}/remittances?from=IT&to=EG",
        ]
        for url in urls:
            first = await client.get(url)
            assert first.status_code == 200, url
            assert first.headers["cache-control"] == "public, max-age=300", url
            assert first.headers["vary"] == "Accept-Language", url
            again = await client.get(url, headers={"If-None-Match": f'W/"x", {first.headers["etag"]}'})
            assert again.status_code == 304, url
            assert again.headers["etag"] == first.headers["etag"]
            stale = await client.get(url, headers={"If-None-Match": '"other"'})
            assert stale.status_code == 200, url

    async def test_editor_views_are_not_cached(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(client, editor, reviewer)
        response = await client.get(translation_url(article_id), headers=editor)
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["etag"] == f'"{response.json()["version"]}"'

    async def test_a_new_publication_changes_the_listing_tag(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        await published_article(client, editor, reviewer)
        tag = (await client.get(f"{API}/articles")).headers["etag"]
        body = {
            "country": "IT",
            "topics": ["health"],
            "translation": {
                "language": "en",
                "slug": "second",
                "title": "Second",
                "summary": "S.",
                "body": "B.",
            },
        }
        second = (await client.post(f"{API}/articles", json=body, headers=editor)).json()
        await publish(client, editor, reviewer, second["article_id"])
        fresh = await client.get(f"{API}/articles", headers={"If-None-Match": tag})
        assert fresh.status_code == 200
        assert fresh.json()["total"] == 2
