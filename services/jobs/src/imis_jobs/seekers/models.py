"""Job seekers: one profile per `job_seeker` user, with occupations, skills and languages.

A profile an officer registered for a walk-in person (``registered_by``) has no user until the
person claims it with the one-time code the officer gave them (``claim_code``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class JobSeeker(IdMixin, TimestampMixin, Base):
    __tablename__ = "job_seeker"
    # Count a vacancy's candidates from the index alone: all of them (and a programme's citizens).
    __table_args__ = (Index("ix_job_seeker_discoverable_citizenship", "discoverable", "citizenship"),)

    # None for a profile an officer registered until its person claims it.
    user_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    registered_by: Mapped[str | None] = mapped_column(String(64))  # the officer's user id, if one did
    claimed_at: Mapped[datetime | None]
    # The SHA-256 of the unclaimed profile's one-time code (``claim_code``); None once claimed.
    claim_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    claim_code_expires_at: Mapped[datetime | None]
    full_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date]
    citizenship: Mapped[str] = mapped_column(String(2), index=True)
    residence_country: Mapped[str] = mapped_column(String(2), index=True)
    residence_subdivision: Mapped[str | None] = mapped_column(String(6), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(320))
    education_level: Mapped[int | None]
    education_field: Mapped[str | None] = mapped_column(String(200))
    certifications: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    preferred_countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    available_from: Mapped[date | None]
    discoverable: Mapped[bool] = mapped_column(default=False)
    consent_changed_at: Mapped[datetime | None]

    occupations: Mapped[list[SeekerOccupation]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SeekerOccupation.occupation_id"
    )
    skills: Mapped[list[SeekerSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SeekerSkill.skill_id"
    )
    languages: Mapped[list[SeekerLanguage]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="SeekerLanguage.language"
    )


class SeekerOccupation(Base):
    __tablename__ = "seeker_occupation"

    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True
    )
    occupation_id: Mapped[str] = mapped_column(ForeignKey("occupation.id"), primary_key=True, index=True)
    years: Mapped[int]


class SeekerSkill(Base):
    __tablename__ = "seeker_skill"

    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(ForeignKey("skill.id"), primary_key=True, index=True)


class SeekerLanguage(Base):
    __tablename__ = "seeker_language"

    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    level: Mapped[str] = mapped_column(String(2))


class SeekerConsentPurpose(StrEnum):
    DISCOVERABLE = "discoverable"  # verified employers may find the profile
    PARTNER_SHARING = "partner_sharing"  # a programme's partner ministry may receive the record


class ConsentChannel(StrEnum):
    SELF_SERVICE = "self_service"  # given or withdrawn by the seeker, signed in
    IN_PERSON = "in_person"  # recorded by an officer at a labour office


class SeekerConsent(IdMixin, Base):
    """One consent given or withdrawn, never changed: a seeker's consent for a purpose (and, for
    partner sharing, a programme) is the latest row; the rows are its history."""

    __tablename__ = "seeker_consent"
    __table_args__ = (Index("ix_seeker_consent_seeker_purpose", "seeker_id", "purpose", "programme_id"),)

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"))
    purpose: Mapped[SeekerConsentPurpose] = mapped_column(EnumText(SeekerConsentPurpose, 20))
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id"))
    granted: Mapped[bool]
    # The version of the words the person was shown (a digest of the text, or a form's number).
    text_version: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(2))  # the language of the words shown
    channel: Mapped[ConsentChannel] = mapped_column(EnumText(ConsentChannel, 16))
    recorded_by: Mapped[str] = mapped_column(String(64))  # the seeker's or the officer's user id
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class SeekerClaimFailure(IdMixin, Base):
    """A wrong or expired claim code typed by a user: a user gets a few a day (``service.claim``)."""

    __tablename__ = "seeker_claim_failure"
    __table_args__ = (Index("ix_seeker_claim_failure_user_failed", "user_id", "failed_at"),)

    user_id: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
