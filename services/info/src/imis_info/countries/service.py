"""Country profiles: editors keep the summary and emergency numbers; standard facts are derived."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.alerts.schemas import AlertOut
from imis_info.countries import repository
from imis_info.countries.facts import country_facts, language_name
from imis_info.countries.models import Country
from imis_info.countries.schemas import (
    ArticleLink,
    CountryLinks,
    CountryOut,
    CountryProfile,
    CountryUpsert,
    EmergencyNumber,
    LanguageOut,
)
from imis_info.languages import LanguageChoice, direction
from imis_shared.errors import ValidationFailed


async def upsert(session: AsyncSession, code: str, body: CountryUpsert, editor: str) -> tuple[Country, bool]:
    country = await repository.get(session, code)
    created = country is None
    if country is None:
        country = Country(code=code)
        session.add(country)
    country.role = body.role
    country.summary = {str(language): text for language, text in body.summary.items()}
    country.emergency_numbers = [number.model_dump() for number in body.emergency_numbers]
    country.updated_by = editor
    await session.flush()
    return country, created


async def require(session: AsyncSession, code: str | None, field: str = "country") -> None:
    """A 422 naming ``field`` unless ``code`` has a profile (no code: a general article)."""
    if code is not None and await repository.get(session, code) is None:
        raise ValidationFailed.field(
            field, f"No country profile for {code}; an editor creates it first.", "unknown"
        )


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


def profile(
    country: Country, choice: LanguageChoice, prefix: str, articles: list[ArticleLink], alerts: list[AlertOut]
) -> CountryProfile:
    base = country_out(country, choice)
    summary_language = choice.pick(country.summary)
    facts = country_facts(country.code)
    return CountryProfile(
        **base.model_dump(),
        summary=country.summary.get(summary_language) if summary_language else None,
        summary_language=summary_language,
        official_languages=[
            LanguageOut(code=code, name=language_name(code, base.language))
            for code in facts.official_languages
        ],
        currencies=list(facts.currencies),
        time_zones=list(facts.time_zones),
        emergency_numbers=[EmergencyNumber.model_validate(item) for item in country.emergency_numbers],
        links=CountryLinks(
            articles=f"{prefix}/articles?country={country.code}",
            offices=f"{prefix}/offices?country={country.code}",
            alerts=f"{prefix}/alerts?country={country.code}",
        ),
        articles=articles,
        alerts=alerts,
    )
