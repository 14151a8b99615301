"""Remittance bodies and responses."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from imis_info.remittances.models import Channel, Speed
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import CountryCode, CurrencyCode, DecimalString, Trimmed

Percent = Annotated[Decimal, DecimalString(integer_digits=2)]  # 0 to 99.99
Money = Annotated[Decimal, DecimalString(integer_digits=4)]  # a fee: 0 to 9999.99
Provider = Annotated[str, Trimmed(120)]


def _not_in_future(value: date) -> date:
    if value > date.today():
        raise ValueError("cannot be in the future")
    return value


ObservedOn = Annotated[date, AfterValidator(_not_in_future)]


class QuoteCreate(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "from_country": "IT",
                    "to_country": "EG",
                    "provider": "Sample Money Transfer",
                    "channel": "money_transfer_operator",
                    "send_currency": "EUR",
                    "receive_currency": "EGP",
                    "fee_fixed": "4.90",
                    "fee_percent": "0",
                    "fx_margin_percent": "2.50",
                    "speed": "minutes",
                    "recorded_date": "2026-11-02",
                }
            ]
        }
    )

    from_country: CountryCode = Field(examples=["IT"])
    to_country: CountryCode = Field(description="Not the same as `from_country`.", examples=["EG"])
    provider: Provider
    channel: Channel
    send_currency: CurrencyCode
    receive_currency: CurrencyCode
    fee_fixed: Money = Field(description="Fixed fee, in the send currency.")
    fee_percent: Percent = Field(default=Decimal(0), description="Fee as a percentage of the amount sent.")
    fx_margin_percent: Percent = Field(description="Exchange-rate margin over the mid-market rate, in %.")
    speed: Speed
    recorded_date: ObservedOn = Field(description="When these prices were observed: today or earlier.")

    @field_validator("to_country")
    @classmethod
    def _another_country(cls, value: str, info: ValidationInfo) -> str:
        if value == info.data.get("from_country"):
            raise ValueError("must differ from from_country")
        return value


class QuoteUpdate(ChangeModel):
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    fee_fixed: Money | None = None
    fee_percent: Percent | None = None
    fx_margin_percent: Percent | None = None
    speed: Speed | None = None
    recorded_date: ObservedOn | None = None

    @model_validator(mode="after")
    def _something(self) -> QuoteUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
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
