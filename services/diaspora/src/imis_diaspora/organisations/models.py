"""Diaspora associations, verified by officers, and which members belong to them."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_diaspora.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class OrganisationStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Organisation(IdMixin, TimestampMixin, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str | None] = mapped_column(String(100))
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)  # sectors
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[OrganisationStatus] = mapped_column(EnumText(OrganisationStatus, 10), index=True)
    created_by: Mapped[str] = mapped_column(String(64))


class MemberOrganisation(Base):
    __tablename__ = "member_organisation"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    )
