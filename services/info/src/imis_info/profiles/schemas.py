"""A country's profile page: the country with its facts, latest articles and alerts in force."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from imis_info.alerts.schemas import AlertOut
from imis_info.countries.schemas import CountryOut, EmergencyNumber, OfficialLanguageOut
from imis_info.languages import Language


class CountryLinks(BaseModel):
    articles: str
    offices: str
    alerts: str


class ArticleLink(BaseModel):
    id: uuid.UUID
    language: Language
    slug: str
    title: str


class CountryProfile(CountryOut):
    summary: str | None
    summary_language: Language | None = Field(description="The summary may fall back to another language.")
    official_languages: list[OfficialLanguageOut]
    currencies: list[str] = Field(description="ISO 4217 codes in use.")
    time_zones: list[str] = Field(description="IANA time zones.")
    emergency_numbers: list[EmergencyNumber]
    links: CountryLinks
    articles: list[ArticleLink] = Field(description="The latest published articles about the country.")
    alerts: list[AlertOut] = Field(description="Alerts in force, most severe first.")
