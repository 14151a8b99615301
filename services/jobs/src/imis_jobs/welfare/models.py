"""Welfare cases and their entries (officers' notes and the thread of messages).

A case is confidential: officers see it whole, the worker who follows it (its reporter, or the
worker whose profile it names) sees it without the officers' internal notes, and the accused
employer's members see a summary (``views.employer_case_out``). Nothing here is deleted: a
worker's erasure unlinks the profile and placement (``SET NULL``) but keeps the case, which is
the ministry's record against the employer.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class WelfareCategory(StrEnum):
    UNPAID_WAGES = "unpaid_wages"
    LATE_WAGES = "late_wages"
    CONTRACT_SUBSTITUTION = "contract_substitution"
    DOCUMENT_CONFISCATION = "document_confiscation"
    EXCESSIVE_HOURS = "excessive_hours"
    UNSAFE_WORK = "unsafe_work"
    ABUSE_OR_HARASSMENT = "abuse_or_harassment"
    RECRUITMENT_FEES = "recruitment_fees"
    ACCOMMODATION = "accommodation"
    MEDICAL_EMERGENCY = "medical_emergency"
    DETENTION = "detention"
    DEATH = "death"
    OTHER = "other"


class WelfareUrgency(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class WelfareCaseStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    RESOLVED = "resolved"
    CLOSED_UNRESOLVED = "closed_unresolved"


class WelfareOrigin(StrEnum):
    """Who opened the case: the worker, someone on the worker's behalf, or an officer."""

    WORKER = "worker"
    ON_BEHALF = "on_behalf"
    OFFICER = "officer"


class WelfareChannel(StrEnum):
    """How an officer learned of the case."""

    PHONE = "phone"
    VISIT = "visit"
    WALK_IN = "walk_in"
    EMAIL = "email"
    OTHER = "other"


class WelfareReferralTarget(StrEnum):
    EMBASSY = "embassy"
    LABOUR_ATTACHE = "labour_attache"
    LAWYER = "lawyer"
    SHELTER = "shelter"
    OTHER = "other"


class WelfareEntryKind(StrEnum):
    NOTE = "note"  # an officer's note, internal or shared
    MESSAGE = "message"  # the thread between the worker and officers: always shared


class WelfareVisibility(StrEnum):
    INTERNAL = "internal"
    SHARED = "shared"


class WelfareSide(StrEnum):
    WORKER = "worker"
    OFFICER = "officer"


class WelfareCase(IdMixin, TimestampMixin, Base):
    __tablename__ = "welfare_case"

    origin: Mapped[WelfareOrigin] = mapped_column(EnumText(WelfareOrigin, 12))
    # The job_seeker-role user who reported it (the worker or a family member); None when an
    # officer recorded it.
    reporter_id: Mapped[str | None] = mapped_column(String(64), index=True)
    recorded_by: Mapped[str | None] = mapped_column(String(64))  # the officer, when one did
    channel: Mapped[WelfareChannel | None] = mapped_column(EnumText(WelfareChannel, 12))
    # The worker's profile, when known: the worker follows the case from their account.
    seeker_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="SET NULL"), index=True
    )
    worker_name: Mapped[str | None] = mapped_column(String(200))
    reporter_relationship: Mapped[str | None] = mapped_column(String(100))
    worker_contact: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[WelfareCategory] = mapped_column(EnumText(WelfareCategory, 32))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employer.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("application.id", ondelete="SET NULL")
    )
    country: Mapped[str] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(Text)
    urgency: Mapped[WelfareUrgency] = mapped_column(EnumText(WelfareUrgency, 12))
    status: Mapped[WelfareCaseStatus] = mapped_column(EnumText(WelfareCaseStatus, 20), index=True)
    first_response_due_at: Mapped[datetime]
    first_responded_at: Mapped[datetime | None]
    assigned_to: Mapped[str | None] = mapped_column(String(64), index=True)
    identity_shared_with_employer: Mapped[bool] = mapped_column(default=False)
    referral_target: Mapped[WelfareReferralTarget | None] = mapped_column(EnumText(WelfareReferralTarget, 16))
    referral_note: Mapped[str | None] = mapped_column(Text)
    substantiated: Mapped[bool | None]
    closed_at: Mapped[datetime | None]  # resolved or closed unresolved
    employer_suspended_at: Mapped[datetime | None]
    employer_suspended_by: Mapped[str | None] = mapped_column(String(64))
    employer_suspension_reason: Mapped[str | None] = mapped_column(Text)


class WelfareCaseEntry(IdMixin, Base):
    """Append-only: an officer's note or a message of the thread."""

    __tablename__ = "welfare_case_entry"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("welfare_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[WelfareEntryKind] = mapped_column(EnumText(WelfareEntryKind, 8))
    visibility: Mapped[WelfareVisibility] = mapped_column(EnumText(WelfareVisibility, 8))
    author_id: Mapped[str] = mapped_column(String(64))
    side: Mapped[WelfareSide] = mapped_column(EnumText(WelfareSide, 8))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
