"""Remittance bodies and responses."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from imis_info.remittances.models import Channel, Speed
from imis_shared.schemas import StrictModel
from imis_shared.validators import CountryCode, CurrencyCode

Percent = Annotated[Decimal, Field(ge=0, le=50, max_digits=5, decimal_places=2)]
Money = Annotated[Decimal, Field(ge=0, le=10_000, max_digits=12, decimal_places=2)]
Provider = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class QuoteCreate(StrictModel):
    from_country: CountryCode
    to_country: CountryCode
    provider: Provider
    channel: Channel
    send_currency: CurrencyCode
    receive_currency: CurrencyCode
    fee_fixed: Money = Field(description="Fixed fee, in the send currency.")
    fee_percent: Percent = Field(default=Decimal(0), description="Fee as a percentage of the amount sent.")
    fx_margin_percent: Percent = Field(description="Exchange-rate margin over the mid-market rate, in %.")
    speed: Speed
    recorded_date: date = Field(description="When these prices were observed.")

    @model_validator(mode="after")
    def _two_countries(self) -> QuoteCreate:
        if self.from_country == self.to_country:
            raise ValueError("from_country and to_country must differ")
        if self.recorded_date > date.today():
            raise ValueError("recorded_date cannot be in the future")
        return self


class QuoteUpdate(StrictModel):
    fee_fixed: Money | None = None
    fee_percent: Percent | None = None
    fx_margin_percent: Percent | None = None
    speed: Speed | None = None
    recorded_date: date | None = None

    @model_validator(mode="after")
    def _something(self) -> QuoteUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
        if any(getattr(self, name) is None for name in self.model_fields_set):
            raise ValueError("fields cannot be null")
        if self.recorded_date is not None and self.recorded_date > date.today():
            raise ValueError("recorded_date cannot be in the future")
        return self


class QuoteOut(BaseModel):
    id: uuid.UUID
    from_country: CountryCode
    to_country: CountryCode
    provider: str
    channel: Channel
    send_currency: CurrencyCode
    receive_currency: CurrencyCode
    fee_fixed: Decimal
    fee_percent: Decimal
    fx_margin_percent: Decimal
    speed: Speed
    recorded_date: date


class QuoteComparison(QuoteOut):
    amount: Decimal = Field(description="The amount compared, in the send currency.")
    total_cost: Decimal = Field(
        description="Fees plus the exchange-rate margin on `amount`, in the send currency."
    )
    total_cost_percent: Decimal = Field(description="`total_cost` as a percentage of `amount`.")
