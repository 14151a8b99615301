"""Request and response bodies of the member endpoints.

No gender, religion, ethnicity or health field exists: special-category data is not stored.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from imis_diaspora.fields import City, ConceptId, Name
from imis_diaspora.members.models import ConsentPurpose, ContactChannel, ResidenceStatus
from imis_diaspora.reference import Sector, SkillOut
from imis_shared.schemas import StrictModel, omit_or_set
from imis_shared.validators import (
    CefrLevel,
    CountryCode,
    EmailAddress,
    IscedLevel,
    LanguageCode,
    PhoneNumber,
)

TextVersion = Annotated[str, StringConstraints(max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$")]


class LanguageSkill(StrictModel):
    language: LanguageCode
    level: CefrLevel


class MemberFields(StrictModel):
    full_name: Name | None = None
    date_of_birth: date | None = None
    citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=5)] | None = None
    residence_country: CountryCode | None = None
    residence_city: City | None = None
    emigration_year: Annotated[int, Field(ge=1930, le=2100)] | None = None
    residence_status: ResidenceStatus | None = None
    occupation_id: ConceptId | None = Field(default=None, description="ESCO occupation id.")
    sector: Sector | None = None
    education_level: IscedLevel | None = None
    education_field: Name | None = None
    skills: Annotated[list[ConceptId], Field(max_length=100)] | None = Field(
        default=None, description="ESCO skill ids."
    )
    languages: Annotated[list[LanguageSkill], Field(max_length=15)] | None = None
    employer: Name | None = Field(default=None, description="Employer or organisation worked for.")
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    preferred_contact: ContactChannel | None = None


class MemberCreate(MemberFields):
    full_name: Name
    date_of_birth: date
    citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=5)]
    residence_country: CountryCode


class MemberUpdate(MemberFields):
    full_name: Name | None = Field(default=None, json_schema_extra=omit_or_set)
    date_of_birth: date | None = Field(default=None, json_schema_extra=omit_or_set)
    citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=5)] | None = Field(
        default=None, json_schema_extra=omit_or_set
    )
    residence_country: CountryCode | None = Field(default=None, json_schema_extra=omit_or_set)


class ConsentChange(StrictModel):
    granted: bool = Field(description="True gives consent, false withdraws it.")
    text_version: TextVersion = Field(description="Version of the consent text shown, e.g. `2026-01`.")


class OccupationOut(BaseModel):
    occupation_id: ConceptId
    label: str
    isco_code: str


class LanguageOut(BaseModel):
    language: LanguageCode
    level: CefrLevel


class DirectoryEntry(BaseModel):
    """What the expert directory shows: no contact details, no birth date, no residence status."""

    id: uuid.UUID
    full_name: str
    residence_country: CountryCode
    residence_city: str | None
    occupation: OccupationOut | None
    sector: Sector | None
    education_level: int | None
    education_field: str | None
    skills: list[SkillOut]
    languages: list[LanguageOut]


class Consents(BaseModel):
    contact: bool
    directory: bool
    project_suggestions: bool
    statistics: bool


class MemberOut(DirectoryEntry):
    """The whole record: for the member and for ministry staff."""

    user_id: str | None
    date_of_birth: date
    citizenships: list[CountryCode]
    emigration_year: int | None
    residence_status: ResidenceStatus | None
    employer: str | None
    phone: str | None
    email: str | None
    preferred_contact: ContactChannel | None
    consents: Consents
    created_at: datetime
    updated_at: datetime


class ConsentEventOut(BaseModel):
    purpose: ConsentPurpose
    granted: bool
    text_version: str
    recorded_at: datetime
    recorded_by: str


class ConsentState(BaseModel):
    current: Consents
    history: list[ConsentEventOut] = Field(description="Every answer given, oldest first.")
