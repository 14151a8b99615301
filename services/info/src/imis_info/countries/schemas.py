"""Country profile bodies and responses."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from imis_info.alerts.schemas import AlertOut
from imis_info.countries.models import CountryRole
from imis_info.languages import Language, Served
from imis_shared.schemas import StrictModel

SummaryText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class EmergencyNumber(StrictModel):
    service: Literal["general", "police", "ambulance", "fire", "coast_guard", "migrant_hotline"]
    number: str = Field(pattern=r"^[0-9]{2,8}$", description="Dialled locally, e.g. `112`, `122`.")


class CountryUpsert(StrictModel):
    role: CountryRole
    summary: dict[Language, SummaryText] = Field(
        default_factory=dict, description="A short introduction per language."
    )
    emergency_numbers: list[EmergencyNumber] = Field(default_factory=list, max_length=12)


class CountryOut(Served):
    code: str
    role: CountryRole
    name: str = Field(description="In the served language.")
    names: dict[str, str] = Field(description="Names in every supported language (CLDR).")


class LanguageOut(BaseModel):
    code: str
    name: str


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
    official_languages: list[LanguageOut]
    currencies: list[str] = Field(description="ISO 4217 codes in use.")
    time_zones: list[str] = Field(description="IANA time zones.")
    emergency_numbers: list[EmergencyNumber]
    links: CountryLinks
    articles: list[ArticleLink] = Field(description="The latest published articles about the country.")
    alerts: list[AlertOut] = Field(description="Alerts in force, most severe first.")


class CountryEditorOut(BaseModel):
    """What an editor stored."""

    code: str
    role: CountryRole
    summary: dict[str, str]
    emergency_numbers: list[EmergencyNumber]
    updated_by: str
