"""Contribution offers: what a member offers to the origin country's development."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_diaspora.models import Base
from imis_diaspora.reference import Sector
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class OfferType(StrEnum):
    INVESTMENT = "investment"
    KNOWLEDGE_TRANSFER = "knowledge_transfer"
    MENTORING = "mentoring"
    VOLUNTEERING = "volunteering"  # including short return assignments
    DONATION = "donation"
    BUSINESS_NETWORKING = "business_networking"
    REMOTE_EXPERTISE = "remote_expertise"


MONEY_TYPES = frozenset({OfferType.INVESTMENT, OfferType.DONATION})


class WorkMode(StrEnum):
    REMOTE = "remote"
    ON_SITE = "on_site"
    EITHER = "either"


class ContributionOffer(IdMixin, TimestampMixin, Base):
    __tablename__ = "contribution_offer"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    type: Mapped[OfferType] = mapped_column(EnumText(OfferType, 30), index=True)
    sector: Mapped[Sector | None] = mapped_column(EnumText(Sector, 30), index=True)
    description: Mapped[str] = mapped_column(Text)
    available_from: Mapped[date | None]
    available_until: Mapped[date | None]
    mode: Mapped[WorkMode | None] = mapped_column(EnumText(WorkMode, 10))
    days: Mapped[int | None]
    amount_min: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    amount_max: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
