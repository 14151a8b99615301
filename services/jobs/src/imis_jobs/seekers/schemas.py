"""Request and response bodies of the job-seeker endpoints.

No gender, religion, ethnicity or health field exists: special-category data is neither
stored nor used in matching.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field

from imis_shared.schemas import StrictModel, omit_or_set
from imis_shared.validators import (
    CefrLevel,
    ConceptId,
    CountryCode,
    EmailAddress,
    IscedLevel,
    LanguageCode,
    Name,
    PhoneNumber,
    SubdivisionCode,
)


class OccupationHeld(StrictModel):
    occupation_id: ConceptId = Field(description="ESCO occupation id.")
    years: Annotated[int, Field(ge=0, le=60)] = Field(description="Years of experience in it.")


class LanguageSkill(StrictModel):
    language: LanguageCode
    level: CefrLevel


class Certification(StrictModel):
    name: Name
    issuer: Name | None = None
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None


class SeekerFields(StrictModel):
    full_name: Name | None = None
    date_of_birth: date | None = None
    citizenship: CountryCode | None = None
    residence_country: CountryCode | None = None
    residence_subdivision: SubdivisionCode | None = Field(
        default=None, description="ISO 3166-2, e.g. EG-C (Cairo governorate); must lie in residence_country."
    )
    phone: PhoneNumber | None = None
    email: EmailAddress | None = None
    occupations: Annotated[list[OccupationHeld], Field(max_length=10)] | None = None
    skills: Annotated[list[ConceptId], Field(max_length=200)] | None = Field(
        default=None, description="ESCO skill ids."
    )
    languages: Annotated[list[LanguageSkill], Field(max_length=15)] | None = None
    education_level: IscedLevel | None = None
    education_field: Name | None = None
    certifications: Annotated[list[Certification], Field(max_length=30)] | None = None
    preferred_countries: Annotated[list[CountryCode], Field(max_length=50)] | None = Field(
        default=None, description="Destinations the seeker would go to; empty means any."
    )
    available_from: date | None = None
    discoverable: bool | None = Field(
        default=None, description="Consent: verified employers may find this profile in candidate searches."
    )


class SeekerCreate(SeekerFields):
    full_name: Name
    date_of_birth: date
    citizenship: CountryCode
    residence_country: CountryCode


class SeekerUpdate(SeekerFields):
    full_name: Name | None = Field(default=None, json_schema_extra=omit_or_set)
    date_of_birth: date | None = Field(default=None, json_schema_extra=omit_or_set)
    citizenship: CountryCode | None = Field(default=None, json_schema_extra=omit_or_set)
    residence_country: CountryCode | None = Field(default=None, json_schema_extra=omit_or_set)
    discoverable: bool | None = Field(
        default=None,
        description="Consent: verified employers may find this profile in candidate searches.",
        json_schema_extra=omit_or_set,
    )


class OccupationHeldOut(BaseModel):
    occupation_id: ConceptId
    label: str
    isco_code: str
    years: int


class SeekerSkillOut(BaseModel):
    skill_id: ConceptId
    label: str


class SeekerLanguageOut(BaseModel):
    language: LanguageCode
    level: CefrLevel


class SeekerProfile(BaseModel):
    """What an employer may see of a seeker who consented (no birth date, no contact details)."""

    id: uuid.UUID
    full_name: str
    citizenship: CountryCode
    residence_country: CountryCode
    residence_subdivision: SubdivisionCode | None
    occupations: list[OccupationHeldOut]
    skills: list[SeekerSkillOut]
    languages: list[SeekerLanguageOut]
    education_level: int | None
    education_field: str | None
    certifications: list[Certification]
    preferred_countries: list[CountryCode]
    available_from: date | None


class SeekerProfileWithContact(SeekerProfile):
    """What an employer sees of a seeker who applied to one of its vacancies."""

    phone: str | None
    email: str | None


class SeekerOut(SeekerProfile):
    """The whole profile: for the seeker and for ministry staff."""

    user_id: str
    date_of_birth: date
    phone: str | None
    email: str | None
    discoverable: bool
    consent_changed_at: datetime | None
    created_at: datetime
    updated_at: datetime
