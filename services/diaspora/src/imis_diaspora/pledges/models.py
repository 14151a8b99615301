"""Pledges: what a member promises a project (money, expertise or volunteering), and its state."""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_diaspora.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class PledgeKind(StrEnum):
    MONEY = "money"
    EXPERTISE = "expertise"
    VOLUNTEERING = "volunteering"


class PledgeStatus(StrEnum):
    PLEDGED = "pledged"
    CONFIRMED = "confirmed"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


# pledged → confirmed → fulfilled | cancelled (cancelling is possible until fulfilled).
TRANSITIONS: dict[PledgeStatus, frozenset[PledgeStatus]] = {
    PledgeStatus.PLEDGED: frozenset({PledgeStatus.CONFIRMED, PledgeStatus.CANCELLED}),
    PledgeStatus.CONFIRMED: frozenset({PledgeStatus.FULFILLED, PledgeStatus.CANCELLED}),
    PledgeStatus.FULFILLED: frozenset(),
    PledgeStatus.CANCELLED: frozenset(),
}
COUNTED = (PledgeStatus.CONFIRMED, PledgeStatus.FULFILLED)  # money that counts towards the target


class Pledge(IdMixin, TimestampMixin, Base):
    __tablename__ = "pledge"

    project_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("project.id"), index=True)
    # Kept (without the person) when the member erases their record: it is the project's account.
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[PledgeKind] = mapped_column(EnumText(PledgeKind, 20))
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    days: Mapped[int | None]
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[PledgeStatus] = mapped_column(EnumText(PledgeStatus, 20), index=True)
