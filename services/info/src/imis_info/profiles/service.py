"""A country's profile page: its record and standard facts, the latest articles about it and the
alerts in force, most severe first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info import API_PREFIX
from imis_info.alerts import repository as alerts
from imis_info.alerts import views as alert_views
from imis_info.articles import repository as articles
from imis_info.countries import repository
from imis_info.languages import LanguageChoice
from imis_info.profiles import views
from imis_info.profiles.schemas import CountryProfile
from imis_shared.db import utcnow
from imis_shared.errors import NotFound

PROFILE_ARTICLES = 20


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
