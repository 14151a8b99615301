"""Bodies of the programme endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

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


class ProgrammeCreate(StrictModel):
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


class ProgrammeUpdate(ChangeModel):
    """What an officer may change; fields left out keep their value, none can be cleared."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    name: Annotated[str, Trimmed(200)] | None = None
    eligible_citizenships: Annotated[list[CountryCode], Field(min_length=1, max_length=50)] | None = None
    isco_groups: Annotated[list[IscoCode], Field(max_length=50)] | None = None
    starts_on: date | None = None
    ends_on: date | None = Field(default=None, description="On or after `starts_on`.")
    quota: Annotated[int, Field(ge=1, le=1_000_000)] | None = Field(
        default=None, description="Never below the places already used (`quota_used`)."
    )
    required_verifications: RequiredChecks | None = Field(default=None, description=REQUIRED_CHECKS)

    @model_validator(mode="after")
    def _something(self) -> ProgrammeUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
        return self


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
    created_at: datetime
