"""Diaspora members: one record per national abroad, with skills, languages and consent.

Consent is kept twice on purpose: the current answer per purpose on the member (what queries
filter on) and every answer ever given in ``consent_event`` (append-only; nothing updates or
deletes a row except erasing the member). Claims of imported records are kept the same way, in
``member_claim``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_diaspora.models import Base
from imis_diaspora.reference import Sector
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class ConsentPurpose(StrEnum):
    CONTACT = "contact"  # being contacted by the ministry
    DIRECTORY = "directory"  # appearing in the expert directory
    PROJECT_SUGGESTIONS = "project_suggestions"  # being suggested to officers for projects
    STATISTICS = "statistics"  # being counted in statistics


class ResidenceStatus(StrEnum):
    CITIZEN = "citizen"
    PERMANENT_RESIDENT = "permanent_resident"
    TEMPORARY_RESIDENT = "temporary_resident"
    STUDENT = "student"
    OTHER = "other"


class ContactChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


class Member(IdMixin, TimestampMixin, Base):
    __tablename__ = "member"

    # None for a record imported from a consulate's list until its person claims it.
    user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    date_of_birth: Mapped[date]
    citizenships: Mapped[list[str]] = mapped_column(JSON, default=list)
    residence_country: Mapped[str] = mapped_column(String(2), index=True)
    residence_city: Mapped[str | None] = mapped_column(String(100), index=True)
    emigration_year: Mapped[int | None]
    residence_status: Mapped[ResidenceStatus | None] = mapped_column(EnumText(ResidenceStatus, 20))
    occupation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    isco_code: Mapped[str | None] = mapped_column(String(4), index=True)  # derived from occupation_id
    sector: Mapped[Sector | None] = mapped_column(EnumText(Sector, 30), index=True)
    education_level: Mapped[int | None] = mapped_column(index=True)
    education_field: Mapped[str | None] = mapped_column(String(200))
    employer: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    preferred_contact: Mapped[ContactChannel | None] = mapped_column(EnumText(ContactChannel, 10))
    contact_consent: Mapped[bool] = mapped_column(default=False)
    directory_consent: Mapped[bool] = mapped_column(default=False, index=True)
    suggestion_consent: Mapped[bool] = mapped_column(default=False, index=True)
    statistics_consent: Mapped[bool] = mapped_column(default=False, index=True)

    skills: Mapped[list[MemberSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="MemberSkill.skill_id"
    )
    languages: Mapped[list[MemberLanguage]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="MemberLanguage.language"
    )


CONSENT_COLUMNS = {
    ConsentPurpose.CONTACT: "contact_consent",
    ConsentPurpose.DIRECTORY: "directory_consent",
    ConsentPurpose.PROJECT_SUGGESTIONS: "suggestion_consent",
    ConsentPurpose.STATISTICS: "statistics_consent",
}


class MemberSkill(Base):
    __tablename__ = "member_skill"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class MemberLanguage(Base):
    __tablename__ = "member_language"

    member_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
    level: Mapped[str] = mapped_column(String(2))


class ConsentEvent(IdMixin, Base):
    """One answer to one consent question: given or withdrawn, when, to which text version."""

    __tablename__ = "consent_event"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(EnumText(ConsentPurpose, 30))
    granted: Mapped[bool]
    text_version: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(64))  # the subject who recorded it


class MemberClaim(IdMixin, Base):
    """A user took over a record imported without one, proving the record's email (append-only)."""

    __tablename__ = "member_claim"

    member_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(320))  # the verified email that matched the record
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
