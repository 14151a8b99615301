"""What the standards say about a country: names in our languages (CLDR, via Babel), official
languages, currencies (ISO 4217, in use today) and IANA time zones. Nothing here is hand-typed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies

from imis_info.languages import LANGUAGES


@dataclass(frozen=True)
class CountryFacts:
    code: str
    names: dict[str, str]
    official_languages: tuple[str, ...]
    currencies: tuple[str, ...]
    time_zones: tuple[str, ...]


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def language_name(code: str, language: str) -> str:
    return str(_locale(language).languages.get(code, code))


@cache
def country_facts(code: str) -> CountryFacts:
    zones: Mapping[str, list[str]] = get_global("territory_zones")
    return CountryFacts(
        code=code,
        names={language: str(_locale(language).territories.get(code, code)) for language in LANGUAGES},
        official_languages=tuple(get_official_languages(code)),
        currencies=tuple(get_territory_currencies(code, date.today())),
        time_zones=tuple(zones.get(code, ())),
    )
