"""Occupation and skill search in the users' own words and languages (docs/matching.md, "Searching in
four languages"): each failure class the search was found with is pinned by its examples."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from imis_shared import reference

BASE = "/api/v1/jobs"


def occupation(english_label: str) -> str:
    """The id of the ESCO occupation with this English preferred label."""
    (found,) = [o.id for o in reference.occupations() if o.label == english_label]
    return found


async def search(client: httpx.AsyncClient, q: str, **params: Any) -> list[dict[str, Any]]:
    headers = {"Accept-Language": params.pop("accept_language")} if "accept_language" in params else {}
    response = await client.get(f"{BASE}/occupations", params={"q": q, "limit": 5, **params}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


# (language, title as people write it, the English label of the occupation it must find in the top 5)
FOUND = [
    # misspelt
    ("en", "Weldor", "welder"),
    ("en", "Plumer", "plumber"),
    ("en", "Pharmasist", "pharmacist"),
    # abbreviations and jargon
    ("en", "ESL Teacher", "language school teacher"),
    ("en", "PA to CEO", "executive assistant"),
    ("en", "JCB Driver", "excavator operator"),
    ("en", "Electrical Engr.", "electrical engineer"),
    ("en", "LGV Driver C+E", "cargo vehicle driver"),
    ("en", "HGV driver C+E", "cargo vehicle driver"),
    # plural, gender, shift and contract words
    ("en", "Midwives needed", "midwife"),
    ("en", "Waitresses", "waiter/waitress"),
    ("en", "RN - Night Shift", "nurse responsible for general care"),
    ("fr", "Carreleur (H/F)", "tile fitter"),
    ("fr", "Infirmières", "nurse responsible for general care"),
    ("it", "Camerieri", "waiter/waitress"),
    ("it", "Infermiera", "nurse responsible for general care"),
    # Arabic as people write it, with the article, clitics and colloquial trade names
    ("ar", "نقاش", "construction painter"),
    ("ar", "مبيض محارة", "plasterer"),
    ("ar", "سائق كلارك", "forklift operator"),
    ("ar", "جرسون", "waiter/waitress"),
    ("ar", "فني تكييف", "refrigeration air condition and heat pump technician"),
    ("ar", "ممرض", "nurse responsible for general care"),
    ("ar", "الممرضات", "nurse responsible for general care"),
    ("ar", "كممرض", "nurse responsible for general care"),
    ("ar", "ممرضاً", "nurse responsible for general care"),
    ("ar", "مطلوب نقاش للسعودية", "construction painter"),
]


class TestTitlesAsPeopleWriteThem:
    @pytest.mark.parametrize(("lang", "title", "wanted"), FOUND, ids=[f"{lang}:{t}" for lang, t, _w in FOUND])
    async def test_finds_the_occupation(
        self, client: httpx.AsyncClient, lang: str, title: str, wanted: str
    ) -> None:
        items = await search(client, title, lang=lang)
        assert occupation(wanted) in [item["id"] for item in items], [item["label"] for item in items]

    async def test_a_complete_title_is_never_read_as_a_prefix(self, client: httpx.AsyncClient) -> None:
        # "Carreleur (H/F)": the "f" of H/F once expanded to "fabric..." and found a hydrologist.
        assert [i["label"] for i in await search(client, "nur")] == []
        assert not await search(client, "zq")

    async def test_type_ahead_expands_the_last_word_from_three_letters(
        self, client: httpx.AsyncClient
    ) -> None:
        items = await search(client, "nur", mode="typeahead")
        assert items and all("nurs" in item["matched_label"].lower() for item in items)
        assert await search(client, "nu", mode="typeahead") == []


class TestLanguage:
    async def test_the_label_is_in_the_language_asked(self, client: httpx.AsyncClient) -> None:
        (first, *_rest) = await search(client, "infirmière de soins généraux", lang="fr")
        assert first["id"] == occupation("nurse responsible for general care")
        assert first["label_language"] == "fr" and first["label"].startswith("infirmier")
        assert first["isco"]["label"] == reference.labels("fr").isco["2221"][0]

    async def test_arabic_script_is_recognised_without_a_language(self, client: httpx.AsyncClient) -> None:
        (first, *_rest) = await search(client, "سباك")
        assert first["id"] == occupation("plumber")
        assert first["label_language"] == "ar" and first["label"] == "سباك"

    async def test_accept_language_chooses_when_lang_is_not_given(self, client: httpx.AsyncClient) -> None:
        items = await search(client, "muratore", accept_language="it-IT,it;q=0.9,en;q=0.5")
        assert items[0]["label_language"] == "it" and items[0]["id"] == occupation("bricklayer")
        english = await search(client, "bricklayer", accept_language="de-DE, sw")  # neither is served
        assert english[0]["label_language"] == "en"

    async def test_a_label_missing_in_the_language_falls_back_to_english(
        self, client: httpx.AsyncClient
    ) -> None:
        body = (await client.get(f"{BASE}/skills", params={"q": "welding", "lang": "it", "limit": 3})).json()
        assert body["items"] and all(item["label_language"] == "en" for item in body["items"])
        french = (
            await client.get(f"{BASE}/skills", params={"q": "soudure", "lang": "fr", "limit": 3})
        ).json()
        assert french["items"] and french["items"][0]["label_language"] == "fr"

    async def test_an_unknown_language_or_mode_is_refused_naming_it(self, client: httpx.AsyncClient) -> None:
        for params, field in (({"lang": "de"}, "lang"), ({"mode": "prefix"}, "mode")):
            response = await client.get(f"{BASE}/occupations", params={"q": "nurse", **params})
            assert response.status_code == 422
            assert response.json()["errors"][0]["field"] == field
