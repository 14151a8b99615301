"""Employer organisations abroad, their members, verification history and invitations."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, ForeignKey, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class EmployerType(StrEnum):
    DIRECT_EMPLOYER = "direct_employer"
    RECRUITMENT_AGENCY = "recruitment_agency"


class EmployerStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class MemberRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class Employer(IdMixin, TimestampMixin, Base):
    __tablename__ = "employer"

    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[EmployerType] = mapped_column(EnumText(EmployerType, 32))
    country: Mapped[str] = mapped_column(String(2), index=True)
    city: Mapped[str] = mapped_column(String(100))
    sector: Mapped[str] = mapped_column(String(100))
    registration_number: Mapped[str] = mapped_column(String(64))
    licence_number: Mapped[str | None] = mapped_column(String(64))
    licence_issuer: Mapped[str | None] = mapped_column(String(200))  # the authority that issued it
    licence_valid_until: Mapped[date | None]  # its last valid day
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str] = mapped_column(String(320))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[EmployerStatus] = mapped_column(
        EnumText(EmployerStatus, 16), default=EmployerStatus.PENDING, index=True
    )
    # The name an officer last verified: what the public sees while a new name awaits review.
    verified_name: Mapped[str | None] = mapped_column(String(200))

    @property
    def public_name(self) -> str:
        return self.verified_name or self.name

    def licence_expired(self, today: date) -> bool:
        """A recruitment agency whose licence's last valid day has passed."""
        return (
            self.type == EmployerType.RECRUITMENT_AGENCY
            and self.licence_valid_until is not None
            and self.licence_valid_until < today
        )

    @hybrid_property
    def in_good_standing(self) -> bool:
        """Verified, or back in review after a change while verified (``verified_name`` kept):
        its published vacancies are open and its members see the seekers who applied. Suspended
        and rejected employers are not; nothing of theirs is deleted, reinstatement reopens it."""
        return self.status == EmployerStatus.VERIFIED or (
            self.status == EmployerStatus.PENDING and self.verified_name is not None
        )

    @in_good_standing.inplace.expression
    @classmethod
    def _in_good_standing_expression(cls) -> ColumnElement[bool]:
        return or_(
            cls.status == EmployerStatus.VERIFIED,
            and_(cls.status == EmployerStatus.PENDING, cls.verified_name.is_not(None)),
        )


class EmployerMember(Base):
    __tablename__ = "employer_member"

    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    role: Mapped[MemberRole] = mapped_column(EnumText(MemberRole, 16))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmployerStatusChange(IdMixin, Base):
    """Append-only: every verification decision and resubmission."""

    __tablename__ = "employer_status_change"

    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[EmployerStatus | None] = mapped_column(EnumText(EmployerStatus, 16))
    to_status: Mapped[EmployerStatus] = mapped_column(EnumText(EmployerStatus, 16))
    changed_by: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmployerInvitation(IdMixin, Base):
    """A one-time code an owner gives a colleague; only its hash is stored."""

    __tablename__ = "employer_invitation"

    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_by: Mapped[str | None] = mapped_column(String(64))
    accepted_at: Mapped[datetime | None]
