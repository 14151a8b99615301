"""Request and response bodies of the organisation endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, HttpUrl

from imis_diaspora.fields import City, Name
from imis_diaspora.organisations.models import OrganisationStatus
from imis_diaspora.reference import Sector
from imis_shared.schemas import StrictModel
from imis_shared.validators import CountryCode, EmailAddress, PhoneNumber, Trimmed


class OrganisationCreate(StrictModel):
    name: Name
    country: CountryCode
    city: City | None = None
    focus: Annotated[list[Sector], Field(max_length=10)] = Field(default_factory=list)
    description: Annotated[str, Trimmed(5000, blank_ok=True)] | None = None
    website: Annotated[HttpUrl, Field(max_length=300)] | None = None
    contact_email: EmailAddress | None = None
    contact_phone: PhoneNumber | None = None


class OrganisationStatusChange(StrictModel):
    status: Literal["verified", "rejected"]


class OrganisationOut(BaseModel):
    id: uuid.UUID
    name: str
    country: CountryCode
    city: str | None
    focus: list[Sector]
    description: str | None
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    status: OrganisationStatus
    created_at: datetime
