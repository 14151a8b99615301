"""Request and response bodies of the contribution-offer endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field

from imis_diaspora.fields import Amount, Description
from imis_diaspora.offers.models import OfferType, WorkMode
from imis_diaspora.reference import Sector
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import CountryCode, CurrencyCode


class OfferFields(StrictModel):
    type: OfferType | None = None
    sector: Sector | None = None
    description: Description | None = None
    available_from: date | None = None
    available_until: date | None = None
    mode: WorkMode | None = Field(
        default=None, description="Remote, on site in the origin country, or either."
    )
    days: Annotated[int, Field(ge=1, le=365)] | None = Field(default=None, description="Days offered.")
    amount_min: Amount | None = Field(default=None, description="Investments and donations only.")
    amount_max: Amount | None = None
    currency: CurrencyCode | None = None


class OfferCreate(OfferFields):
    type: OfferType
    description: Description


class OfferUpdate(ChangeModel, OfferFields):
    clearable: ClassVar[frozenset[str]] = frozenset(OfferFields.model_fields) - {"type", "description"}


class OfferOut(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    type: OfferType
    sector: Sector | None
    description: str
    available_from: date | None
    available_until: date | None
    mode: WorkMode | None
    days: int | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    currency: CurrencyCode | None
    created_at: datetime
    updated_at: datetime


class OfferWithMember(OfferOut):
    """An offer as staff list it: with who made it and where they live."""

    member_name: str
    residence_country: CountryCode
