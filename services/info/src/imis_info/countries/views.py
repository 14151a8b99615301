"""Building country responses from the records and the standard facts (no queries here)."""

from __future__ import annotations

from imis_info.countries.facts import country_facts
from imis_info.countries.models import Country
from imis_info.countries.schemas import CountryEditorOut, CountryOut
from imis_info.languages import LanguageChoice, direction


def country_out(country: Country, choice: LanguageChoice) -> CountryOut:
    facts = country_facts(country.code)
    language = choice.wanted
    return CountryOut(
        code=country.code,
        role=country.role,
        name=facts.names[language],
        names=facts.names,
        language=language,
        dir=direction(language),
    )


def editor_out(country: Country) -> CountryEditorOut:
    return CountryEditorOut.model_validate(country, from_attributes=True)
