"""Bodies of the verification endpoints.

A check is recorded with the fields of its kind (``kind`` tells them apart); what an employer
sees of it (``VerificationOutcome``) leaves out notes, evidence and the officer, and of a
medical check everything but the outcome.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Discriminator, Field, Tag

from imis_jobs.verifications.models import Outcome, Recognition, SkillLevel, VerificationKind
from imis_shared.schemas import StrictModel
from imis_shared.validators import CefrLevel, ConceptId, CountryCode, IscedLevel, LanguageCode, Name, Trimmed

Reference = Annotated[str, Trimmed(200)]
Notes = Annotated[str, Trimmed(2000, blank_ok=True)]
Reason = Annotated[str, Trimmed(2000)]


class CheckFields(StrictModel):
    seeker_id: uuid.UUID = Field(description="The job seeker checked.")
    outcome: Outcome
    checked_on: date = Field(description="The day of the check; not in the future.")
    valid_until: date | None = Field(
        default=None, description="The last day the check counts (on or after checked_on); null: no expiry."
    )
    evidence_reference: Reference | None = Field(
        default=None, description="The certificate, report or file number the check rests on."
    )
    notes: Notes | None = Field(
        default=None,
        description="The officer's notes (for a medical check, its details): seen by staff and the seeker, "
        "never by employers.",
    )


class SkillTestIn(CheckFields):
    kind: Literal["skill_test"]
    skill_id: ConceptId = Field(description="The ESCO skill tested.")
    level: SkillLevel | None = None
    score: Annotated[int, Field(ge=0, le=100)] | None = Field(default=None, description="Result, 0 to 100.")


class LanguageTestIn(CheckFields):
    kind: Literal["language_test"]
    language: LanguageCode
    reading: CefrLevel
    writing: CefrLevel
    listening: CefrLevel
    speaking: CefrLevel


class CredentialIn(CheckFields):
    kind: Literal["credential"]
    isced_level: IscedLevel
    field_of_study: Name | None = None
    institution: Name
    issuing_country: CountryCode
    recognition: Recognition = Field(description="Whether the destination country recognises it.")
    recognition_country: CountryCode | None = Field(
        default=None, description="The destination country that (does not) recognise it."
    )


class MedicalFitnessIn(CheckFields):
    kind: Literal["medical_fitness"]


class PoliceClearanceIn(CheckFields):
    kind: Literal["police_clearance"]
    issuing_country: CountryCode


class InterviewIn(CheckFields):
    kind: Literal["interview"]
    programme_id: uuid.UUID | None = Field(
        default=None, description="The programme whose selection the interview was for."
    )


def _kind(value: Any) -> Any:
    return value.get("kind") if isinstance(value, dict) else getattr(value, "kind", None)


# Told apart by ``kind`` with a function: a field discriminator cannot carry StrictModel's check
# of JSON types.
VerificationIn = Annotated[
    Annotated[SkillTestIn, Tag("skill_test")]
    | Annotated[LanguageTestIn, Tag("language_test")]
    | Annotated[CredentialIn, Tag("credential")]
    | Annotated[MedicalFitnessIn, Tag("medical_fitness")]
    | Annotated[PoliceClearanceIn, Tag("police_clearance")]
    | Annotated[InterviewIn, Tag("interview")],
    Discriminator(_kind, custom_error_type="kind", custom_error_message="kind: not a kind of check"),
]


class RevocationIn(StrictModel):
    reason: Reason = Field(description="Why the check no longer counts; kept with it.")


VerificationState = Literal["valid", "expired", "revoked"]


class VerificationOutcome(BaseModel):
    """What an employer sees of a check on a seeker in its pipeline."""

    id: uuid.UUID
    kind: VerificationKind
    outcome: Outcome
    state: VerificationState = Field(description="`valid` until valid_until, then `expired`; or `revoked`.")
    checked_on: date
    valid_until: date | None
    skill_id: ConceptId | None = Field(description="skill_test.")
    skill_label: str | None
    level: SkillLevel | None = Field(description="skill_test.")
    score: int | None = Field(description="skill_test.")
    language: LanguageCode | None = Field(description="language_test.")
    reading: CefrLevel | None
    writing: CefrLevel | None
    listening: CefrLevel | None
    speaking: CefrLevel | None
    isced_level: int | None = Field(description="credential.")
    field_of_study: str | None
    institution: str | None
    issuing_country: CountryCode | None = Field(description="credential, police_clearance.")
    recognition: Recognition | None
    recognition_country: CountryCode | None
    programme_id: uuid.UUID | None = Field(description="interview.")


class VerificationOut(VerificationOutcome):
    """The whole record: for staff and the seeker."""

    seeker_id: uuid.UUID
    officer_id: str
    evidence_reference: str | None
    notes: str | None
    revoked_at: datetime | None
    revoked_by: str | None
    revocation_reason: str | None
    created_at: datetime


class HeldCheck(BaseModel):
    kind: VerificationKind
    verification_id: uuid.UUID
    valid_until: date | None


class PrescreeningOut(BaseModel):
    """Whether a seeker is pre-screened: holds, passed and valid, every kind of check required."""

    seeker_id: uuid.UUID
    programme_id: uuid.UUID | None = Field(
        description="The programme asked about; null: the ministry default."
    )
    prescreened: bool
    requires: list[VerificationKind]
    held: list[HeldCheck] = Field(description="A valid passed check of each required kind held.")
    missing: list[VerificationKind]
