"""Remittance corridors: what each provider charges to send money from one country to another."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class Channel(StrEnum):
    BANK = "bank"
    MONEY_TRANSFER_OPERATOR = "money_transfer_operator"
    MOBILE_MONEY = "mobile_money"
    POST_OFFICE = "post_office"


class Speed(StrEnum):
    MINUTES = "minutes"
    SAME_DAY = "same_day"
    NEXT_DAY = "next_day"
    TWO_TO_FIVE_DAYS = "two_to_five_days"
    MORE_THAN_FIVE_DAYS = "more_than_five_days"


class RemittanceQuote(IdMixin, TimestampMixin, Base):
    """A provider's price in one corridor, as recorded on ``recorded_date``."""

    __tablename__ = "remittance_quote"
    __table_args__ = (UniqueConstraint("from_country", "to_country", "provider", "channel"),)

    from_country: Mapped[str] = mapped_column(String(2), index=True)
    to_country: Mapped[str] = mapped_column(String(2), index=True)
    provider: Mapped[str] = mapped_column(String(120))
    channel: Mapped[Channel] = mapped_column(EnumText(Channel, 32))
    send_currency: Mapped[str] = mapped_column(String(3))
    receive_currency: Mapped[str] = mapped_column(String(3))
    fee_fixed: Mapped[Decimal] = mapped_column(Numeric(12, 2), doc="In the send currency.")
    fee_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), doc="Of the amount sent.")
    fx_margin_percent: Mapped[Decimal] = mapped_column(
        Numeric(5, 2), doc="How far the provider's rate is below the mid-market rate."
    )
    speed: Mapped[Speed] = mapped_column(EnumText(Speed, 24))
    recorded_date: Mapped[date] = mapped_column(Date)
    updated_by: Mapped[str] = mapped_column(String(64))
