"""Returns and reintegration: a worker's return home, the services they are referred to, and the
follow-ups at 3, 6 and 12 months.

A return is recorded by the worker or an officer, for a placement (an application that departed) or
without one (a worker who went abroad outside IMIS). Its follow-ups are created with it, each due a
number of months after the return; an officer records each one's outcome.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import IntEnum, StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.applications.models import Actor
from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class ReturnReason(StrEnum):
    CONTRACT_COMPLETED = "contract_completed"
    EARLY_TERMINATION = "early_termination"
    CASE_RELATED = "case_related"
    PERSONAL = "personal"


class Need(StrEnum):
    JOB_PLACEMENT = "job_placement"
    TRAINING = "training"
    BUSINESS_START_UP = "business_start_up"
    PSYCHOSOCIAL = "psychosocial"
    HOUSING = "housing"


class ReferralStatus(StrEnum):
    REFERRED = "referred"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DECLINED = "declined"


class FollowUpOutcome(StrEnum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    IN_TRAINING = "in_training"
    RE_MIGRATED = "re_migrated"
    UNKNOWN = "unknown"


class FollowUpMonth(IntEnum):
    """Months after the return date at which an officer follows the worker up."""

    THREE = 3
    SIX = 6
    TWELVE = 12


FOLLOW_UP_MONTHS = tuple(FollowUpMonth)


class WorkerReturn(IdMixin, TimestampMixin, Base):
    __tablename__ = "worker_return"
    # The consenting returnees, the latest first: the returnee pool's listing.
    __table_args__ = (Index("ix_worker_return_pool", "joins_returnee_pool", "returned_on"),)

    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    # The placement returned from: one return per placement; none for a return outside IMIS.
    application_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), unique=True
    )
    returned_on: Mapped[date]
    returned_from: Mapped[str] = mapped_column(String(2), index=True)
    reason: Mapped[ReturnReason] = mapped_column(EnumText(ReturnReason, 20))
    # What the worker did abroad: the placement's vacancy's occupation, else the seeker's main one.
    occupation_id: Mapped[str | None] = mapped_column(ForeignKey("occupation.id"), index=True)
    qualifications_gained: Mapped[list[str]] = mapped_column(JSON, default=list)
    savings_and_remittance_plans: Mapped[str | None] = mapped_column(Text)
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The worker's consent to appear in the returnee pool; only the worker gives or withdraws it.
    joins_returnee_pool: Mapped[bool] = mapped_column(default=False)
    pool_consent_changed_at: Mapped[datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_as: Mapped[Actor] = mapped_column(EnumText(Actor, 16))


class ReturnSkill(Base):
    """An ESCO skill the worker gained abroad (a row each, so the pool filters by skill)."""

    __tablename__ = "worker_return_skill"

    return_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("worker_return.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(ForeignKey("skill.id"), primary_key=True, index=True)


class Referral(IdMixin, TimestampMixin, Base):
    """A service the worker is referred to, for one of their needs."""

    __tablename__ = "reintegration_referral"

    return_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("worker_return.id", ondelete="CASCADE"), index=True
    )
    need: Mapped[Need] = mapped_column(EnumText(Need, 20))
    provider_name: Mapped[str] = mapped_column(String(200))
    referred_on: Mapped[date]
    status: Mapped[ReferralStatus] = mapped_column(EnumText(ReferralStatus, 12))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(64))


class FollowUp(IdMixin, Base):
    """A follow-up ``month`` months after the return, due on ``due_on``; recorded once."""

    __tablename__ = "reintegration_follow_up"
    __table_args__ = (
        UniqueConstraint("return_id", "month"),
        # The follow-ups not recorded yet, by due date: the officers' worklist.
        Index("ix_reintegration_follow_up_pending", "recorded_on", "due_on"),
    )

    return_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("worker_return.id", ondelete="CASCADE"))
    month: Mapped[int]
    due_on: Mapped[date]
    recorded_on: Mapped[date | None]
    outcome: Mapped[FollowUpOutcome | None] = mapped_column(EnumText(FollowUpOutcome, 16))
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str | None] = mapped_column(String(64))
