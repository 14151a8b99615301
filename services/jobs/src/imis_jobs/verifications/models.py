"""Verifications: one check an officer recorded on a job seeker, with its outcome and validity.

One table for every kind of check; the columns a kind does not use stay null (the request
schemas say which a kind takes). A verification is never edited: a mistaken or withdrawn one is
revoked (with the officer and reason kept) and a new one recorded.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_jobs.verification_kinds import VerificationKind as VerificationKind
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class SkillLevel(StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Recognition(StrEnum):
    """Whether the destination country recognises a credential."""

    RECOGNISED = "recognised"
    PARTIALLY_RECOGNISED = "partially_recognised"
    PENDING = "pending"
    NOT_RECOGNISED = "not_recognised"
    NOT_REQUIRED = "not_required"


class Verification(IdMixin, TimestampMixin, Base):
    __tablename__ = "verification"
    # A seeker's valid checks of a kind: what pre-screening and matching read.
    __table_args__ = (Index("ix_verification_seeker_kind", "seeker_id", "kind"),)

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"))
    kind: Mapped[VerificationKind] = mapped_column(EnumText(VerificationKind, 20))
    outcome: Mapped[Outcome] = mapped_column(EnumText(Outcome, 8))
    checked_on: Mapped[date]
    valid_until: Mapped[date | None]  # the last day it counts; None: no expiry
    officer_id: Mapped[str] = mapped_column(String(64))
    evidence_reference: Mapped[str | None] = mapped_column(String(200))
    # Medical details and interview notes: officers and the seeker only, never employers.
    notes: Mapped[str | None] = mapped_column(Text)
    # skill_test
    skill_id: Mapped[str | None] = mapped_column(ForeignKey("skill.id"))
    skill_level: Mapped[SkillLevel | None] = mapped_column(EnumText(SkillLevel, 16))
    score: Mapped[int | None]  # 0-100, when the test gives one
    # language_test: CEFR level per skill
    language: Mapped[str | None] = mapped_column(String(2))
    reading: Mapped[str | None] = mapped_column(String(2))
    writing: Mapped[str | None] = mapped_column(String(2))
    listening: Mapped[str | None] = mapped_column(String(2))
    speaking: Mapped[str | None] = mapped_column(String(2))
    # credential
    isced_level: Mapped[int | None]
    field_of_study: Mapped[str | None] = mapped_column(String(200))
    institution: Mapped[str | None] = mapped_column(String(200))
    # credential (where it was issued) and police_clearance (the issuing country)
    issuing_country: Mapped[str | None] = mapped_column(String(2))
    recognition: Mapped[Recognition | None] = mapped_column(EnumText(Recognition, 24))
    recognition_country: Mapped[str | None] = mapped_column(String(2))
    # interview: for a programme's selection, when it was one
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id"))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revocation_reason: Mapped[str | None] = mapped_column(Text)
