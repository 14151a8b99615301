"""Request and response bodies of the pledge endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from imis_diaspora.fields import Amount, ConceptId
from imis_diaspora.projects.models import PledgeKind, PledgeStatus
from imis_shared.schemas import StrictModel
from imis_shared.validators import CurrencyCode


class PledgeCreate(StrictModel):
    kind: PledgeKind
    amount: Amount | None = Field(default=None, description="Money pledges only.")
    currency: CurrencyCode | None = Field(default=None, description="Money pledges only.")
    days: Annotated[int, Field(ge=1, le=365)] | None = Field(
        default=None, description="Expertise and volunteering pledges only."
    )
    skills: Annotated[list[ConceptId], Field(max_length=20)] = Field(
        default_factory=list, description="ESCO skills offered; expertise pledges only."
    )


class PledgeDecision(StrictModel):
    status: Literal["confirmed", "fulfilled", "cancelled"]


class PledgeOut(BaseModel):
    id: uuid.UUID
    project_id: uuid.UUID
    member_id: uuid.UUID | None
    kind: PledgeKind
    amount: Decimal | None
    currency: CurrencyCode | None
    days: int | None
    skills: list[str]
    status: PledgeStatus
    created_at: datetime
    updated_at: datetime
