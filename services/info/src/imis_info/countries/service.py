"""Country profiles: editors keep the summary and emergency numbers (the standard facts are derived
in facts.py); a profile shows the latest articles about the country and its alerts in force."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info import API_PREFIX
from imis_info.alerts import repository as alerts
from imis_info.alerts import views as alert_views
from imis_info.articles import repository as articles
from imis_info.countries import repository, views
from imis_info.countries.models import Country
from imis_info.countries.schemas import CountryProfile, CountryUpsert
from imis_info.languages import LanguageChoice
from imis_shared.db import utcnow
from imis_shared.errors import NotFound, ValidationFailed

PROFILE_ARTICLES = 20


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


async def profile(session: AsyncSession, code: str, choice: LanguageChoice) -> CountryProfile:
    country = await repository.get(session, code)
    if country is None:
        raise NotFound(f"No profile for {code} yet.")
    latest = await articles.latest_for_country(
        session, code, choice.wanted, choice.fallback, PROFILE_ARTICLES
    )
    active = await alerts.active_for_country(session, code, utcnow())
    in_force = alert_views.most_severe_first(active, choice)
    return views.profile(country, choice, API_PREFIX, views.article_links(latest), in_force)
