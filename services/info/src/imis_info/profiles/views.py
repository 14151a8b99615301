"""Building a country's profile page from its record, the standard facts, its latest articles and
its alerts (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence

from imis_info.alerts.schemas import AlertOut
from imis_info.articles.models import Translation
from imis_info.countries.facts import country_facts, language_name
from imis_info.countries.models import Country
from imis_info.countries.schemas import EmergencyNumber, OfficialLanguageOut
from imis_info.countries.views import country_out
from imis_info.languages import LanguageChoice
from imis_info.profiles.schemas import ArticleLink, CountryLinks, CountryProfile


def article_links(translations: Sequence[Translation]) -> list[ArticleLink]:
    return [
        ArticleLink(id=t.article_id, language=t.language, slug=t.slug, title=t.title)  # type: ignore[arg-type]
        for t in translations
    ]


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
            OfficialLanguageOut(code=code, name=language_name(code, base.language))
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
