"""A person's deletion request and, per service, whether that service has erased them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_gateway.db import Base
from imis_shared.db import EnumText, IdMixin, utcnow


class RequestedBy(StrEnum):
    PERSON = "person"  # the person themselves, with their password
    ADMIN = "admin"  # an administrator, on the person's request received otherwise


class StepStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"


class DeletionRequest(IdMixin, Base):
    """Kept after the account is gone, with no personal data: the account's id is a random number
    that nothing else identifies once the account is erased."""

    __tablename__ = "deletion_request"

    account_id: Mapped[uuid.UUID] = mapped_column(index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    requested_by: Mapped[RequestedBy] = mapped_column(EnumText(RequestedBy, 16))
    admin_id: Mapped[uuid.UUID | None]
    completed_at: Mapped[datetime | None]
    steps: Mapped[list[DeletionStep]] = relationship(
        back_populates="request",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="DeletionStep.service",
    )


class DeletionStep(Base):
    __tablename__ = "deletion_step"

    request_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("deletion_request.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(32), primary_key=True)
    status: Mapped[StepStatus] = mapped_column(EnumText(StepStatus, 16), default=StepStatus.PENDING)
    done_at: Mapped[datetime | None]
    request: Mapped[DeletionRequest] = relationship(back_populates="steps", lazy="raise")
