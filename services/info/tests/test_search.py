"""GET /search: published content only, ranked, highlighted, four languages, stemmed alike on both
databases, Arabic folded and without its article and clitics."""

from __future__ import annotations

from typing import Any

import httpx
from info_helpers import API, article_body, move, publish, published_article, translation_body

from imis_info.search import service, snippets

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


async def publish_each(
    client: httpx.AsyncClient,
    editor: dict[str, str],
    reviewer: dict[str, str],
    language: str,
    texts: list[str],
    slug: str = "text",
) -> list[str]:
    """One published article per text (its title), in ``language``."""
    return [
        await published_article(
            client,
            editor,
            reviewer,
            body(f"{slug}-{language}-{i}", title, title, language=language, country=None),
        )
        for i, title in enumerate(texts)
    ]


def found_ids(response: httpx.Response) -> set[str]:
    assert response.status_code == 200, response.text
    return {hit["article_id"] for hit in response.json()["items"]}


class TestStemming:
    """Snowball stems made in Python, the same on both databases (these tests run on each)."""

    async def test_arabic_word_finds_its_inflected_and_prefixed_forms(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        forms = [
            "عمل كممرض في روما",
            "يعمل ممرضاً في ميلانو",
            "تدريب الممرضات",
            "عقود للممرضين",
            "الطبيب والممرضة",
        ]
        apart = ["زيارة السفارة", "وزارة العمل", "كتاب عامل"]
        nurses = await publish_each(client, editor, reviewer, "ar", forms)
        others = dict(
            zip(
                ["visit", "ministry", "book"],
                await publish_each(client, editor, reviewer, "ar", apart, "apart"),
                strict=True,
            )
        )
        found = await search(client, q="ممرض", lang="ar")
        assert found_ids(found) == set(nurses)
        snippets = {hit["article_id"]: hit["snippet"] for hit in found.json()["items"]}
        assert "<mark>كممرض</mark>" in snippets[nurses[0]]  # the word as written, not its stem
        assert "<mark>ممرضاً</mark>" in snippets[nurses[1]]
        assert "<mark>والممرضة</mark>" in snippets[nurses[4]]
        # Inflected query words meet the others: the plural, the definite form, the feminine.
        for query in ("الممرضات", "ممرضات", "الممرضين", "ممرضة"):
            assert set(nurses[1:4]) <= found_ids(await search(client, q=query, lang="ar")), query
        # Words that look alike but are not the same word stay apart.
        assert found_ids(await search(client, q="زيارة", lang="ar")) == {others["visit"]}
        assert found_ids(await search(client, q="وزارة", lang="ar")) == {others["ministry"]}
        assert found_ids(await search(client, q="عمل", lang="ar")) == {nurses[0], others["ministry"]}
        assert found_ids(await search(client, q="عامل", lang="ar")) == {others["book"]}
        assert found_ids(await search(client, q="كاتب", lang="ar")) == set()
        assert found_ids(await search(client, q="سفر", lang="ar")) == set()  # not "السفارة"

    async def test_french_and_italian_are_stemmed(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        french = await published_article(
            client,
            editor,
            reviewer,
            body(
                "fr-infirmier",
                "Devenir infirmier en Italie",
                "Le diplôme d'infirmier est reconnu.",
                language="fr",
            ),
        )
        italian = await published_article(
            client,
            editor,
            reviewer,
            body(
                "it-infermiere",
                "Lavorare come infermiere",
                "L'infermiere deve iscriversi all'albo.",
                language="it",
            ),
        )
        hits = (await search(client, q="infirmières")).json()["items"]
        assert [hit["article_id"] for hit in hits] == [french]
        assert "<mark>infirmier</mark>" in hits[0]["snippet"]
        assert found_ids(await search(client, q="infirmiers diplome", lang="fr")) == {french}  # no accent
        hits = (await search(client, q="infermieri")).json()["items"]
        assert [hit["article_id"] for hit in hits] == [italian]
        assert "<mark>infermiere</mark>" in hits[0]["snippet"]
        assert found_ids(await search(client, q="infermiera", lang="it")) == {italian}
        # Each language stems a query its own way: the French words find no Italian text.
        assert found_ids(await search(client, q="infirmier diplôme")) == {french}

    async def test_a_query_costs_a_bounded_amount(
        self, client: httpx.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
    ) -> None:
        # Twelve words (the most a query may have) of a long text that repeats them: answered, and the
        # snippet is one window of words however often they occur.
        words = "ممرض كممرض للممرضين والممرضة عمل تأشيرة إقامة عقد راتب سكن تأمين صحة".split()  # noqa: SIM905
        text = " ".join(words * 200)
        article_id = await published_article(
            client, editor, reviewer, body("ar-long", "دليل العمل", text, language="ar")
        )
        found = await search(client, q=" ".join(words))
        assert [hit["article_id"] for hit in found.json()["items"]] == [article_id]
        snippet = found.json()["items"][0]["snippet"]
        assert snippet.count("<mark>") <= snippets.SNIPPET_WORDS
        assert len(snippet.replace("<mark>", "").replace("</mark>", "").split()) <= snippets.SNIPPET_WORDS + 2
        too_many = await search(client, q=" ".join([*words, "ممرض"]))
        assert too_many.status_code == 422
        query = service.query_of(service.terms_of(" ".join(words)), ["ar", "en", "fr", "it"], None, None)
        assert all(len(groups) <= service.MAX_TERMS for groups in query.groups.values())
        assert all(len(group) <= 2 for groups in query.groups.values() for group in groups)
