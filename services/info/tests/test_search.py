"""GET /search: published content only, ranked, highlighted, four languages, Arabic folded."""

from __future__ import annotations

from typing import Any

import httpx
from info_helpers import API, article_body, move, publish, published_article, translation_body

SEARCH = f"{API}/search"


def body(
    slug: str, title: str, text: str, *, language: str = "en", country: str | None = "IT", **changes: Any
) -> dict[str, Any]:
    return article_body(
        country=country,
        translation=translation_body(language, slug=slug, title=title, summary=f"About {slug}.", body=text),
        **changes,
    )


async def search(client: httpx.AsyncClient, **params: Any) -> httpx.Response:
    return await client.get(SEARCH, params=params)


class TestSearch:
    async def test_finds_published_content_ranked_with_highlights(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        in_body = await published_article(
            client,
            editor,
            reviewer,
            body("housing", "Finding a flat", "Landlords may ask for a permit copy."),
        )
        in_title = await published_article(
            client, editor, reviewer, body("permits", "Seasonal work permits", "How to apply & wait.")
        )
        draft = await client.post(
            f"{API}/articles", json=body("draft", "Permit draft", "Permits unpublished."), headers=editor
        )
        assert draft.status_code == 201
        response = await search(client, q="permit")
        assert response.status_code == 200
        result = response.json()
        assert [hit["article_id"] for hit in result["items"]] == [in_title, in_body]
        assert result["total"] == 2
        assert result["items"][0]["title"] == "Seasonal work permits"
        assert "<mark>permit</mark>" in result["items"][1]["snippet"].lower()
        assert response.headers["etag"]
        second_page = (await search(client, q="permit", limit=1, offset=1)).json()
        assert [hit["article_id"] for hit in second_page["items"]] == [in_body]
        assert second_page["total"] == 2
        past_the_end = (await search(client, q="permit", offset=5)).json()
        assert past_the_end["items"] == []
        assert past_the_end["total"] == 2

    async def test_snippets_are_escaped(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        await published_article(
            client, editor, reviewer, body("escape", "Visas", "Visa fees <b>rise</b> & change yearly.")
        )
        snippet = (await search(client, q="fees")).json()["items"][0]["snippet"]
        assert "<b>" not in snippet  # shown as text (SQLite) or dropped as markup (PostgreSQL)
        assert "&amp;" in snippet
        assert "<mark>fees</mark>" in snippet.lower()

    async def test_withdrawn_when_archived_or_edited(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(
            client, editor, reviewer, body("gone", "Quota decree", "Quota text.")
        )
        assert (await search(client, q="quota")).json()["total"] == 1
        await move(client, editor, article_id, "archived")
        assert (await search(client, q="quota")).json()["total"] == 0
        await move(client, editor, article_id, "draft")
        await publish(client, editor, reviewer, article_id)
        assert (await search(client, q="quota")).json()["total"] == 1

    async def test_filters_by_language_country_and_topic(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        italy = await published_article(
            client, editor, reviewer, body("it-health", "Health card", "Health insurance.")
        )
        egypt = await published_article(
            client,
            editor,
            reviewer,
            body("eg-health", "Health before departure", "Medical check.", country="EG", topics=["health"]),
        )
        french = await published_article(
            client,
            editor,
            reviewer,
            body("fr-sante", "La santé des travailleurs", "Assurance maladie.", language="fr", country=None),
        )
        assert {h["article_id"] for h in (await search(client, q="health")).json()["items"]} == {italy, egypt}
        assert [
            h["article_id"] for h in (await search(client, q="health", country="EG")).json()["items"]
        ] == [egypt]
        assert [
            h["article_id"] for h in (await search(client, q="health", topic="health")).json()["items"]
        ] == [egypt]
        assert (await search(client, q="health", lang="fr")).json()["total"] == 0
        french_hits = (await search(client, q="santé", lang="fr")).json()["items"]
        assert [h["article_id"] for h in french_hits] == [french]
        assert french_hits[0]["language"] == "fr"

    async def test_arabic_letter_variants_and_diacritics_match(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        article_id = await published_article(
            client,
            editor,
            reviewer,
            body("ar-visa", "تأشيرة العمل في إيطاليا", "يجب أن يقدّم صاحب العمل طلب الإذن.", language="ar"),
        )
        for query in ("تاشيره", "تأشيرة", "تَأْشِيرَة", "ايطاليا"):
            hits = (await search(client, q=query, lang="ar")).json()["items"]
            assert [h["article_id"] for h in hits] == [article_id], query
        assert hits[0]["dir"] == "rtl"
        assert hits[0]["title"] == "تأشيرة العمل في إيطاليا"  # shown as written

    async def test_stop_words_are_left_out(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        # "the" and "to" are in no text here, "إلى" in no Arabic one: a query is matched by its other words.
        english = await published_article(
            client, editor, reviewer, body("permits", "Seasonal work permits", "How a permit is given.")
        )
        arabic = await published_article(
            client, editor, reviewer, body("ar-work", "تأشيرة العمل", "يقدّم صاحب العمل الطلب.", language="ar")
        )
        found = (await search(client, q="the work permits to apply", lang="en")).json()
        assert [hit["article_id"] for hit in found["items"]] == []  # "apply" is a word of no text
        found = (await search(client, q="the work permits", lang="en")).json()
        assert [hit["article_id"] for hit in found["items"]] == [english]
        found = (await search(client, q="العمل إلى", lang="ar")).json()
        assert [hit["article_id"] for hit in found["items"]] == [arabic]
        # Stop words alone find nothing, as PostgreSQL's language configurations do: not an error.
        nothing = await search(client, q="the of and to", lang="en")
        assert nothing.status_code == 200 and nothing.json()["total"] == 0

    async def test_bad_queries_are_problems_naming_q(self, client: httpx.AsyncClient) -> None:
        for params in ({"q": ""}, {"q": "x" * 201}, {"q": "?!*"}, {"q": " ".join(["word"] * 13)}, {}):
            response = await client.get(SEARCH, params=params)
            assert response.status_code == 422, params
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["errors"][0]["field"] == "q"
        unknown = await search(client, q="visa", lang="de")
        assert unknown.status_code == 422
        assert unknown.json()["errors"][0]["field"] == "lang"
        assert (await search(client, q="visa", country="XX")).json()["errors"][0]["field"] == "country"

    async def test_fts_operators_in_the_query_are_plain_words(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        await published_article(client, editor, reviewer, body("ops", "Contracts", "Contracts NEAR the end."))
        response = await search(client, q='contracts OR "near*" -(end')
        assert response.status_code == 200
