"""Request and response bodies of the project endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from imis_diaspora.fields import Amount, ConceptId, Description, Name
from imis_diaspora.projects.models import ProjectStatus
from imis_diaspora.reference import Sector, SkillOut
from imis_shared.schemas import StrictModel, omit_or_set
from imis_shared.validators import CurrencyCode, SubdivisionCode, Trimmed

Days = Annotated[int, Field(ge=1, le=100_000)]


class ProjectFields(StrictModel):
    title: Name | None = None
    description: Description | None = None
    subdivision: SubdivisionCode | None = Field(
        default=None, description="ISO 3166-2 subdivision of the origin country, e.g. EG-ASN."
    )
    sector: Sector | None = None
    occupation_id: ConceptId | None = Field(default=None, description="ESCO occupation of the expert sought.")
    skills: Annotated[list[ConceptId], Field(max_length=50)] | None = Field(
        default=None, description="ESCO skills sought."
    )
    funding_target: Amount | None = None
    funding_currency: CurrencyCode | None = None
    expertise_days_sought: Days | None = None
    volunteer_days_sought: Days | None = None
    terms_of_reference: Annotated[str, Trimmed(20_000, blank_ok=True)] | None = None


class ProjectCreate(ProjectFields):
    title: Name
    description: Description
    subdivision: SubdivisionCode
    sector: Sector


class ProjectUpdate(ProjectFields):
    title: Name | None = Field(default=None, json_schema_extra=omit_or_set)
    description: Description | None = Field(default=None, json_schema_extra=omit_or_set)
    subdivision: SubdivisionCode | None = Field(
        default=None,
        description="ISO 3166-2 subdivision of the origin country, e.g. EG-ASN.",
        json_schema_extra=omit_or_set,
    )
    sector: Sector | None = Field(default=None, json_schema_extra=omit_or_set)


class ProjectStatusChange(StrictModel):
    status: ProjectStatus


class Progress(BaseModel):
    """Pledges against what the project seeks. Money counts once an officer confirmed it."""

    funding_target: Decimal | None
    funding_currency: CurrencyCode | None
    confirmed_by_currency: dict[CurrencyCode, Decimal] = Field(
        description="Confirmed or fulfilled money pledges."
    )
    pledged_by_currency: dict[CurrencyCode, Decimal] = Field(description="Money pledges not yet confirmed.")
    funded_share: float | None = Field(description="Confirmed money in the target currency over the target.")
    expertise_days_sought: int | None
    expertise_days_pledged: int = Field(description="Days of expertise pledged and not cancelled.")
    volunteer_days_sought: int | None
    volunteer_days_pledged: int


class ProjectOut(BaseModel):
    id: uuid.UUID
    title: str
    description: str
    subdivision: SubdivisionCode
    sector: Sector
    occupation_id: ConceptId | None
    isco_code: str | None
    skills: list[SkillOut]
    funding_target: Decimal | None
    funding_currency: CurrencyCode | None
    expertise_days_sought: int | None
    volunteer_days_sought: int | None
    terms_of_reference: str | None
    status: ProjectStatus
    created_at: datetime
    updated_at: datetime


class ProjectDetail(ProjectOut):
    progress: Progress
