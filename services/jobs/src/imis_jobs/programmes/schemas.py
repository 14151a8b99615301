"""Bodies of the programme endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from imis_jobs.verification_kinds import VerificationKind
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import CountryCode, IscoCode, Trimmed


def _once_each(kinds: list[VerificationKind]) -> list[VerificationKind]:
    if len(set(kinds)) != len(kinds):
        raise ValueError("names a kind of check twice")
    return kinds


RequiredChecks = Annotated[
    list[VerificationKind],
    Field(max_length=6, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_once_each),
]
REQUIRED_CHECKS = (
    "Kinds of check a seeker must hold, passed and valid, to be pre-screened for the programme; "
    "empty: the ministry's default."
)
MaxStay = Annotated[int, Field(ge=1, le=120)]
VERIFIED_LANGUAGES = (
    "Its vacancies' required languages count in matching only at a level a ministry language test "
    "verified (in all four skills), not as declared."
)
ORIENTATION_REQUIRED = (
    "Whether an officer may record a departure only for a worker holding a valid pre-departure orientation "
    "certificate for a course to the destination country; null: the ministry's default."
)
MAX_STAY = "How many months a worker may stay, counted from departure; required by `return_obligation`."
RETURN_OBLIGATION = (
    "Workers must return by the end of their maximum stay: the departure records `return_due_on` on the "
    "application, and officers follow those overdue."
)
Quota = Annotated[int, Field(ge=1, le=1_000_000)]


class ProgrammeCreate(StrictModel):
    # A return obligation counts from the maximum stay: the service refuses one without it (422).
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"return_obligation": {"const": True}}, "required": ["return_obligation"]},
            "then": {"required": ["max_stay_months"], "properties": {"max_stay_months": {"type": "integer"}}},
        }
    )

    name: Annotated[str, Trimmed(200)]
    destination_country: CountryCode
    origin_country: CountryCode
    eligible_citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=50)]
    isco_groups: Annotated[list[IscoCode], Field(max_length=50)] = Field(
        default_factory=list, description="ISCO-08 groups (any level) of eligible vacancies; empty means any."
    )
    starts_on: date
    ends_on: date = Field(description="On or after `starts_on`.")
    quota: Annotated[int, Field(ge=1, le=1_000_000)] = Field(description="Placements the programme allows.")
    required_verifications: RequiredChecks = Field(default_factory=list, description=REQUIRED_CHECKS)
    max_stay_months: MaxStay | None = Field(default=None, description=MAX_STAY)
    return_obligation: bool = Field(default=False, description=RETURN_OBLIGATION)
    verified_languages_required: bool = Field(default=False, description=VERIFIED_LANGUAGES)
    orientation_required: bool | None = Field(default=None, description=ORIENTATION_REQUIRED)


class ProgrammeUpdate(ChangeModel):
    """What an officer may change; fields left out keep their value, only `max_stay_months` and
    `orientation_required` can be cleared (null)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    clearable: ClassVar[frozenset[str]] = frozenset({"max_stay_months", "orientation_required"})

    name: Annotated[str, Trimmed(200)] | None = None
    eligible_citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=50)] | None = None
    isco_groups: Annotated[list[IscoCode], Field(max_length=50)] | None = None
    starts_on: date | None = None
    ends_on: date | None = Field(default=None, description="On or after `starts_on`.")
    quota: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        default=None, description="Never below the places already used (`quota_used`)."
    )
    required_verifications: RequiredChecks | None = Field(default=None, description=REQUIRED_CHECKS)
    max_stay_months: MaxStay | None = Field(default=None, description=f"{MAX_STAY} Null clears it.")
    return_obligation: bool | None = Field(default=None, description=RETURN_OBLIGATION)
    verified_languages_required: bool | None = Field(default=None, description=VERIFIED_LANGUAGES)
    orientation_required: bool | None = Field(
        default=None, description=f"{ORIENTATION_REQUIRED} Null returns to the ministry's default."
    )

    @model_validator(mode="after")
    def _something(self) -> ProgrammeUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
        return self


class SeasonCreate(StrictModel):
    name: Annotated[str, Trimmed(200)] = Field(description="Unique within the programme, e.g. `2027 summer`.")
    starts_on: date = Field(description="Within the programme's period.")
    ends_on: date = Field(description="On or after `starts_on`, within the programme's period.")
    quota: Quota = Field(description="Placements the season allows (each also takes one of the programme's).")


class SeasonUpdate(ChangeModel):
    """What an officer may change; fields left out keep their value, none can be cleared."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    name: Annotated[str, Trimmed(200)] | None = None
    starts_on: date | None = Field(default=None, description="Within the programme's period.")
    ends_on: date | None = Field(
        default=None, description="On or after `starts_on`, within the programme's period."
    )
    quota: Quota | None = Field(
        default=None, description="Never below the places already used (`quota_used`)."
    )

    @model_validator(mode="after")
    def _something(self) -> SeasonUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
        return self


class SeasonOut(BaseModel):
    id: uuid.UUID
    programme_id: uuid.UUID
    name: str
    starts_on: date
    ends_on: date
    quota: int
    quota_used: int = Field(
        description="Applications to its vacancies that reached `accepted` (not withdrawn)."
    )
    quota_remaining: int
    created_at: datetime


class CitizenshipQuotaCreate(StrictModel):
    citizenship: CountryCode = Field(description="One of the programme's `eligible_citizenships`, once.")
    quota: Quota = Field(
        description="Places of the programme reserved for its citizens; all reserved places still free, with "
        "those used, fit in the programme's quota."
    )


class CitizenshipQuotaUpdate(StrictModel):
    quota: Quota = Field(
        description="Never below the places already used, and the reserved places still free fit in the "
        "programme's quota."
    )


class CitizenshipQuotaOut(BaseModel):
    citizenship: CountryCode
    quota: int
    quota_used: int = Field(description="Its citizens' applications that reached `accepted` (not withdrawn).")
    quota_remaining: int


class ProgrammeOut(BaseModel):
    id: uuid.UUID
    name: str
    destination_country: CountryCode
    origin_country: CountryCode
    eligible_citizenships: list[CountryCode]
    isco_groups: list[str]
    starts_on: date
    ends_on: date
    quota: int
    quota_used: int = Field(description="Applications that reached `accepted` (and were not withdrawn).")
    quota_remaining: int
    required_verifications: list[VerificationKind] = Field(description=REQUIRED_CHECKS)
    max_stay_months: int | None = Field(description=MAX_STAY)
    return_obligation: bool = Field(description=RETURN_OBLIGATION)
    verified_languages_required: bool = Field(description=VERIFIED_LANGUAGES)
    orientation_required: bool | None = Field(description=ORIENTATION_REQUIRED)
    unreserved_remaining: int = Field(
        description="Places left to citizens without a reserved quota: `quota_remaining` less the places "
        "still free in `citizenship_quotas`."
    )
    seasons: list[SeasonOut] = Field(description="Its seasons, the earliest first.")
    citizenship_quotas: list[CitizenshipQuotaOut] = Field(
        description="Places reserved per citizenship, by country code."
    )
    created_at: datetime
