"""Bodies of the hand-over endpoints: partners, the sharing consent, and the candidate records a
partner receives (each field group null unless the partner's agreement lists it)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from imis_jobs.applications.models import ApplicationStatus
from imis_jobs.handover.models import HandoverField
from imis_jobs.seekers.schemas import Certification, OccupationHeldOut, SeekerLanguageOut, SeekerSkillOut
from imis_jobs.verifications.schemas import VerificationOutcome
from imis_shared.schemas import StrictModel
from imis_shared.validators import ContentLanguage, CountryCode, Name, SubdivisionCode


def _once_each(fields: list[HandoverField]) -> list[HandoverField]:
    if len(set(fields)) != len(fields):
        raise ValueError("names a field group twice")
    return fields


ClientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._-]{3,64}$")]


class PartnerIn(StrictModel):
    client_id: ClientId = Field(description="The partner's machine client at the gateway.")
    name: Name = Field(description="The partner as seekers read it, e.g. the destination's ministry.")
    country: CountryCode
    fields: Annotated[
        list[HandoverField],
        Field(min_length=1, max_length=9, json_schema_extra={"uniqueItems": True}),
        AfterValidator(_once_each),
    ] = Field(description="The field groups the programme's agreement lets this partner receive.")


class PartnerOut(BaseModel):
    programme_id: uuid.UUID
    client_id: str
    name: str
    country: CountryCode
    fields: list[HandoverField]
    bound_by: str
    bound_at: datetime


class ConsentTextOut(BaseModel):
    programme_id: uuid.UUID
    language: ContentLanguage
    text: str = Field(description="The words to show the seeker before they agree.")
    text_version: str = Field(
        description="Send it back with the agreement: it proves these words were shown."
    )


class SharingConsentIn(StrictModel):
    granted: bool = Field(description="true: agree; false: withdraw.")
    language: ContentLanguage = Field(description="The language of the words shown.")
    text_version: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")] = Field(
        description="The `text_version` of the words shown (GET …/sharing-consent-text)."
    )


class SharingConsentOut(BaseModel):
    programme_id: uuid.UUID
    granted: bool
    language: ContentLanguage
    text_version: str
    current: bool = Field(
        description="Whether the words agreed to are still the programme's: a new partner or field "
        "changes them, and an agreement to earlier words no longer counts."
    )
    recorded_at: datetime


class Identity(BaseModel):
    full_name: str
    date_of_birth: date
    citizenship: CountryCode


class Contact(BaseModel):
    phone: str | None
    email: str | None


class Residence(BaseModel):
    country: CountryCode
    subdivision: SubdivisionCode | None


class Education(BaseModel):
    isced_level: int | None
    field: str | None
    certifications: list[Certification]


class Placement(BaseModel):
    vacancy_id: uuid.UUID
    vacancy_title: str
    employer_name: str
    destination_country: CountryCode
    destination_city: str


class HandoverCandidate(BaseModel):
    """A selected candidate as a partner receives them: a group is null when the partner's
    agreement does not list it."""

    seeker_id: uuid.UUID
    application_id: uuid.UUID
    status: ApplicationStatus
    identity: Identity | None
    contact: Contact | None
    residence: Residence | None
    occupations: list[OccupationHeldOut] | None
    skills: list[SeekerSkillOut] | None
    languages: list[SeekerLanguageOut] | None
    education: Education | None
    verifications: list[VerificationOutcome] | None
    placement: Placement | None


class HandoverOut(BaseModel):
    """A hand-over on record: who received which candidates, when, in which format."""

    id: uuid.UUID
    programme_id: uuid.UUID
    recipient: str
    recipient_name: str
    recipient_country: CountryCode | None
    format: str
    fields: list[HandoverField]
    seekers: int
    handed_at: datetime


class PortableOccupation(BaseModel):
    esco_uri: str
    isco08_code: str
    title: str
    years: int


class PortableSkill(BaseModel):
    esco_uri: str
    title: str
    verified: bool = Field(description="A passed ministry skill test (only when checks are shared).")


class PortableLanguage(BaseModel):
    iso639_1: str
    cefr_declared: str
    cefr_tested: dict[str, str] | None = Field(
        description="reading, writing, listening, speaking as a ministry test found them (when shared)."
    )


class PortableCandidate(BaseModel):
    """A selected candidate in the sections of a CV (as the Europass CV has them), every code a
    standard one: ESCO URIs, ISCO-08, ISO 3166-1, ISO 639-1, ISCED 2011, CEFR. A member is null when
    the agreement does not share its group."""

    seeker_id: uuid.UUID
    application_id: uuid.UUID
    full_name: str | None
    birth_date: date | None
    nationality: list[CountryCode] | None
    phone: str | None
    email: str | None
    residence_country: CountryCode | None
    work_experience: list[PortableOccupation] | None
    skills: list[PortableSkill] | None
    languages: list[PortableLanguage] | None
    isced_2011_level: int | None
    field_of_study: str | None
