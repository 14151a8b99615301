"""Standard codes: one named schema component each, whose pattern the server applies exactly.

A code the component's pattern admits is accepted; one it refuses is refused with a problem
naming the field, in a body and in a query or path parameter alike.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable, Iterable
from typing import Annotated, Any

import pycountry
import pytest
from fastapi import APIRouter, FastAPI, Path, Query
from pydantic import BaseModel

from imis_shared.app import api_router
from imis_shared.patterns import exact_pattern
from imis_shared.validators import (
    COUNTRY_PATTERN,
    CURRENCY_PATTERN,
    ESCO_ID_PATTERN,
    LANGUAGE_PATTERN,
    SUBDIVISION_PATTERN,
    CefrLevel,
    ConceptId,
    ContentLanguage,
    CountryCode,
    CurrencyCode,
    LanguageCode,
    SubdivisionCode,
    TextDirection,
    check_country,
    check_currency,
    check_esco_id,
    check_language,
    check_subdivision,
)
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
REF = "#/components/schemas/"


def json_schema_admits(pattern: str, value: str) -> bool:
    """As JSON Schema reads ``pattern`` (ECMAScript: ``$`` is the end, not before a final newline)."""
    return re.search(pattern.removesuffix("$") + r"\Z", value) is not None


def accepts(check: Callable[[str], str], value: str) -> bool:
    try:
        return check(value) == value
    except ValueError:
        return False


def near_misses(codes: Iterable[str]) -> set[str]:
    """Strings a careless client might send in place of each code."""
    misses: set[str] = {"", " ", "-", "\n", "ÉG", "\uff25\uff27"}  # the last: full-width EG
    for code in codes:
        misses |= {
            code.lower(),
            code.upper(),
            code.swapcase(),
            f" {code}",
            f"{code} ",
            f"{code}\n",
            code + code[-1],
            code[:-1],
            f"X{code}",
        }
    return misses


class TestExactPattern:
    def test_matches_the_codes_and_nothing_else(self) -> None:
        codes = ["AB", "AC", "AD", "B", "BA", "CX-1", "CX-12"]
        pattern = exact_pattern(codes)
        assert [c for c in codes if not json_schema_admits(pattern, c)] == []
        assert [c for c in near_misses(codes) - set(codes) if json_schema_admits(pattern, c)] == []
        assert pattern == "^(?:A[B-D]|B(?:A)?|CX-1(?:2)?)$"

    @pytest.mark.parametrize("codes", [[], ["A.B"], ["-A"], ["A-"], [""], ["É"]])
    def test_refuses_what_it_cannot_express(self, codes: list[str]) -> None:
        with pytest.raises(ValueError, match=r"no codes|cannot put"):
            exact_pattern(codes)


STANDARDS = [
    ("country", COUNTRY_PATTERN, check_country, {c.alpha_2 for c in pycountry.countries}),
    ("subdivision", SUBDIVISION_PATTERN, check_subdivision, {s.code for s in pycountry.subdivisions}),
    (
        "language",
        LANGUAGE_PATTERN,
        check_language,
        {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")},
    ),
    ("currency", CURRENCY_PATTERN, check_currency, {c.alpha_3 for c in pycountry.currencies}),
]


class TestPatternIsWhatTheValidatorAccepts:
    @pytest.mark.parametrize(("name", "pattern", "check", "codes"), STANDARDS, ids=[s[0] for s in STANDARDS])
    def test_every_code_of_the_standard_and_nothing_else(
        self, name: str, pattern: str, check: Callable[[str], str], codes: set[str]
    ) -> None:
        letters = string.ascii_letters
        candidates = codes | near_misses(codes)
        candidates |= {"".join(p) for p in itertools.product(letters, repeat=2)}
        if name == "currency":
            candidates |= {"".join(p) for p in itertools.product(string.ascii_uppercase, repeat=3)}
        if name == "subdivision":
            suffixes = string.ascii_uppercase + string.digits
            candidates |= {f"EG-{a}{b}" for a, b in itertools.product(suffixes, repeat=2)}
            candidates |= {f"EG-{a}" for a in suffixes + string.ascii_lowercase}
        disagreements = [v for v in candidates if json_schema_admits(pattern, v) != accepts(check, v)]
        assert disagreements == []
        assert {v for v in candidates if accepts(check, v)} == codes

    def test_esco_ids_are_lower_case_uuids(self) -> None:
        good = "00030d09-2b3a-4efd-87cc-c4ea39d27c34"
        for value in [good, good.upper(), good + "\n", good.replace("-", ""), "-" * 36, good[:-1] + "g"]:
            assert json_schema_admits(ESCO_ID_PATTERN, value) == accepts(check_esco_id, value), value
        assert accepts(check_esco_id, good) and not accepts(check_esco_id, good.upper())


class Place(BaseModel):
    country: CountryCode
    subdivision: SubdivisionCode | None = None
    languages: list[LanguageCode] = []
    currency: CurrencyCode | None = None
    level: CefrLevel | None = None
    occupation: ConceptId | None = None
    texts: dict[ContentLanguage, str] = {}
    dir: TextDirection | None = None


def places_router() -> APIRouter:
    router = api_router(prefix="/api/v1/demo", tags=["demo"])

    @router.post("/places/{country}")
    async def create_place(
        country: Annotated[CountryCode, Path()],
        place: Place,
        language: Annotated[LanguageCode | None, Query()] = None,
        lang: Annotated[ContentLanguage | None, Query()] = None,
    ) -> Place:
        return place

    return router


@pytest.fixture
def app(make_app: AppFactory) -> FastAPI:
    return make_app([places_router()])


class TestOneComponentEach:
    async def test_bodies_and_parameters_refer_to_one_named_component(self, app: FastAPI) -> None:
        async with app_client(app) as client:
            document: dict[str, Any] = (await client.get("/openapi.json")).json()
        schemas = document["components"]["schemas"]
        operation = document["paths"]["/api/v1/demo/places/{country}"]["post"]
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert parameters["country"] == {"$ref": REF + "CountryCode"}
        assert parameters["language"]["$ref"] == REF + "LanguageCode"  # an optional parameter is never null
        assert parameters["lang"]["$ref"] == REF + "ContentLanguage"
        place = schemas["Place"]["properties"]
        assert place["country"] == {"$ref": REF + "CountryCode"}
        assert place["languages"]["items"] == {"$ref": REF + "LanguageCode"}
        assert place["texts"]["propertyNames"] == {"$ref": REF + "ContentLanguage"}
        assert {"$ref": REF + "CefrLevel"} in place["level"]["anyOf"]
        assert {"$ref": REF + "EscoId"} in place["occupation"]["anyOf"]
        assert {"$ref": REF + "TextDirection"} in place["dir"]["anyOf"]
        assert schemas["CountryCode"]["pattern"] == COUNTRY_PATTERN
        assert schemas["SubdivisionCode"]["pattern"] == SUBDIVISION_PATTERN
        assert schemas["CefrLevel"]["enum"] == ["A1", "A2", "B1", "B2", "C1", "C2"]
        assert schemas["TextDirection"]["enum"] == ["ltr", "rtl"]
        assert {key for key, schema in schemas.items() if schema.get("title") != key} == set()


class TestServerAppliesThePattern:
    async def test_codes_as_the_standards_write_them_are_accepted(self, app: FastAPI) -> None:
        body = {
            "country": "EG",
            "subdivision": "EG-ASN",
            "languages": ["ar", "it"],
            "currency": "EGP",
            "level": "B2",
            "occupation": "00030d09-2b3a-4efd-87cc-c4ea39d27c34",
            "texts": {"ar": "نص", "en": "text"},
            "dir": "rtl",
        }
        async with app_client(app) as client:
            response = await client.post("/api/v1/demo/places/IT?language=fr&lang=ar", json=body)
        assert response.status_code == 200, response.text
        assert response.json() == body

    @pytest.mark.parametrize(
        ("path", "body", "field"),
        [
            ("/places/IT", {"country": "eg"}, "country"),
            ("/places/IT", {"country": "XX"}, "country"),
            ("/places/IT", {"country": "EG "}, "country"),
            ("/places/IT", {"country": "EG", "subdivision": "eg-asn"}, "subdivision"),
            ("/places/IT", {"country": "EG", "subdivision": "EG-XX"}, "subdivision"),
            ("/places/IT", {"country": "EG", "languages": ["ar", "AR"]}, "languages.1"),
            ("/places/IT", {"country": "EG", "languages": ["xx"]}, "languages.0"),
            ("/places/IT", {"country": "EG", "currency": "eur"}, "currency"),
            ("/places/IT", {"country": "EG", "level": "b2"}, "level"),
            ("/places/IT", {"country": "EG", "occupation": "-" * 36}, "occupation"),
            ("/places/IT", {"country": "EG", "texts": {"de": "Text"}}, "texts.de.[key]"),
            ("/places/IT", {"country": "EG", "dir": "RTL"}, "dir"),
            ("/places/it", {"country": "EG"}, "country"),
            ("/places/IT?language=AR", {"country": "EG"}, "language"),
            ("/places/IT?lang=de", {"country": "EG"}, "lang"),
        ],
    )
    async def test_anything_else_is_a_problem_naming_the_field(
        self, app: FastAPI, path: str, body: dict[str, Any], field: str
    ) -> None:
        async with app_client(app) as client:
            response = await client.post("/api/v1/demo" + path, json=body)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert [error["field"] for error in response.json()["errors"]] == [field]
