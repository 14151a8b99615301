"""Request and response bodies of the job-seeker endpoints.

No gender, religion, ethnicity or health field exists: special-category data is neither
stored nor used in matching.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from imis_jobs.seekers.models import ConsentChannel, SeekerConsentPurpose
from imis_shared.schemas import StrictModel, omit_or_set
from imis_shared.validators import (
    CefrLevel,
    ConceptId,
    ContentLanguage,
    CountryCode,
    EmailAddress,
    IscedLevel,
    LanguageCode,
    Name,
    PhoneNumber,
    SubdivisionCode,
)

# The version of the consent words a seeker is shown when agreeing to be found by verified employers
# (`discoverable`), recorded in the consent history when the seeker's own request names none: the
# words of the `discoverable` field below, as the API publishes them. Change it with the words.
DISCOVERABLE_TEXT_VERSION = "2026-12-01"
DISCOVERABLE_WORDS = "Consent: verified employers may find this profile in candidate searches."

ConsentTextVersion = Annotated[
    str,
    StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_.\-]+$"),
    Field(
        description="The version of the consent words shown (a form's number or a date), e.g. `2026-12-01`."
    ),
]


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
    discoverable: bool | None = Field(default=None, description=DISCOVERABLE_WORDS)
    consent_text_version: ConsentTextVersion | None = Field(
        default=None,
        description="Only with `discoverable`: the version of the consent words the app showed, kept in "
        f"the consent history; `{DISCOVERABLE_TEXT_VERSION}` (this field's words) when omitted. Sent, "
        "the answer is recorded even if `discoverable` does not change (agreeing again to new words).",
    )
    consent_language: ContentLanguage | None = Field(
        default=None,
        description="Only with `discoverable`: the language of the words shown; `en` when omitted.",
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
        default=None, description=DISCOVERABLE_WORDS, json_schema_extra=omit_or_set
    )


class SeekerRegistration(SeekerCreate):
    """A walk-in seeker registered by an officer, with the consent the person gave in person."""

    discoverable: bool = Field(
        description="The person's answer, given in person: verified employers may find the profile."
    )
    consent_text_version: ConsentTextVersion
    consent_language: ContentLanguage = Field(description="The language of the consent words shown.")


class ClaimIn(StrictModel):
    code: Annotated[str, StringConstraints(min_length=1, max_length=40)] = Field(
        description="The one-time code the officer gave, e.g. `7KQ4M-XH2PA` (case, spaces and dashes "
        "do not matter)."
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

    user_id: str | None = Field(
        description="The owner's user id; null until a registered profile is claimed."
    )
    registered_by: str | None = Field(description="The officer who registered the profile, if one did.")
    claimed_at: datetime | None = Field(
        description="When the person claimed the profile registered for them."
    )
    claim_code_expires_at: datetime | None = Field(
        description="Until when the profile's claim code works; null once claimed (or never registered)."
    )
    date_of_birth: date
    phone: str | None
    email: str | None
    discoverable: bool
    consent_changed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ClaimCode(BaseModel):
    """A one-time claim code: shown this once, only its hash is kept."""

    seeker_id: uuid.UUID
    code: str = Field(description="Give it to the person; it is shown only this once.")
    expires_at: datetime


class RegisteredSeeker(BaseModel):
    profile: SeekerOut
    claim: ClaimCode


class SeekerConsentOut(BaseModel):
    """One consent given or withdrawn (the history is never changed)."""

    purpose: SeekerConsentPurpose
    programme_id: uuid.UUID | None
    granted: bool
    text_version: str
    language: ContentLanguage = Field(description="The language of the words shown.")
    channel: ConsentChannel
    recorded_by: str = Field(description="The seeker's user id, or the officer's who recorded it in person.")
    recorded_at: datetime
