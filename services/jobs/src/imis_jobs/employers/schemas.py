"""Request and response bodies of the employer endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from imis_jobs.employers.models import EmployerStatus, EmployerType, MemberRole
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import (
    NOT_BLANK_PATTERN,
    City,
    CountryCode,
    EmailAddress,
    Name,
    PhoneNumber,
    Trimmed,
)

Sector = Annotated[str, Trimmed(100)]
Identifier = Annotated[str, Trimmed(64)]


class EmployerCreate(StrictModel):
    # The document states the one rule across fields: an agency gives its licence number.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"type": {"const": "recruitment_agency"}}, "required": ["type"]},
            "then": {"required": ["licence_number"], "properties": {"licence_number": {"type": "string"}}},
        }
    )

    name: Name
    type: EmployerType
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 country where the employer operates.")
    city: City
    sector: Sector
    registration_number: Identifier = Field(description="Company or business registration number.")
    licence_number: Identifier | None = Field(
        default=None, description="Recruitment licence; required for recruitment agencies."
    )
    licence_issuer: Name | None = Field(default=None, description="The authority that issued the licence.")
    licence_valid_until: date | None = Field(
        default=None, description="The licence's last valid day: an agency cannot publish after it."
    )
    website: HttpUrl | None = None
    contact_email: EmailAddress
    contact_phone: PhoneNumber | None = Field(
        default=None, description="International format, stored as E.164."
    )


class EmployerUpdate(ChangeModel):
    clearable: ClassVar[frozenset[str]] = frozenset(
        {"licence_number", "licence_issuer", "licence_valid_until", "website", "contact_phone"}
    )

    name: Name | None = None
    city: City | None = None
    sector: Sector | None = None
    registration_number: Identifier | None = None
    licence_number: Identifier | None = None
    licence_issuer: Name | None = None
    licence_valid_until: date | None = None
    website: HttpUrl | None = None
    contact_email: EmailAddress | None = None
    contact_phone: PhoneNumber | None = None


class EmployerOut(BaseModel):
    id: uuid.UUID
    name: str
    type: EmployerType
    country: CountryCode
    city: str
    sector: str
    registration_number: str
    licence_number: str | None
    licence_issuer: str | None
    licence_valid_until: date | None
    website: str | None
    contact_email: str
    contact_phone: str | None
    status: EmployerStatus = Field(description="Only a verified employer can publish vacancies.")
    created_at: datetime
    updated_at: datetime


LicenceStatus = Literal["valid", "expired", "no_expiry_recorded", "not_required"]


class RegisterEntry(BaseModel):
    """An employer in good standing as anyone may check it: no contact details, no people."""

    id: uuid.UUID
    name: str = Field(description="The name an officer verified.")
    type: EmployerType
    country: CountryCode
    city: str
    licence_number: str | None
    licence_issuer: str | None
    licence_valid_until: date | None
    licence_status: LicenceStatus = Field(
        description="For recruitment agencies: `valid` until its last day, then `expired`; "
        "`no_expiry_recorded` when no validity was given. `not_required` for direct employers."
    )


class StatusDecision(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"enum": ["rejected", "suspended"]}}, "required": ["status"]},
            "then": {
                "required": ["reason"],
                "properties": {"reason": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
            },
        }
    )

    status: Literal["verified", "rejected", "suspended"]
    reason: Annotated[str, Trimmed(2000, blank_ok=True)] | None = Field(
        default=None, description="Required when rejecting or suspending; shown to the employer."
    )

    @model_validator(mode="after")
    def refusals_say_why(self) -> Self:
        if self.status in {"rejected", "suspended"} and not self.reason:
            raise ValueError("reason: say why the employer is rejected or suspended")
        return self


class StatusChangeOut(BaseModel):
    from_status: EmployerStatus | None
    to_status: EmployerStatus
    changed_by: str
    reason: str | None
    changed_at: datetime


class EmployerMemberOut(BaseModel):
    user_id: str
    role: MemberRole
    joined_at: datetime


class InvitationOut(BaseModel):
    code: str = Field(description="Give it to the colleague; shown once.")
    expires_at: datetime


class InvitationAccept(StrictModel):
    code: Annotated[str, StringConstraints(min_length=10, max_length=100)]
