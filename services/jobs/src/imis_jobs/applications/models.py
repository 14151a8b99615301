"""Applications and invitations to apply, with the placement timeline."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class ApplicationStatus(StrEnum):
    INVITED = "invited"
    DECLINED = "declined"
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    CONTRACT_SIGNED = "contract_signed"
    VISA_ISSUED = "visa_issued"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    EMPLOYED = "employed"
    TERMINATED = "terminated"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    SEEKER = "seeker"
    EMPLOYER = "employer"
    OFFICER = "officer"


class InterviewResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class TerminationReason(StrEnum):
    """Why an employment abroad ended before its contract did."""

    EMPLOYER_BREACH = "employer_breach"
    EMPLOYER_CLOSED = "employer_closed"
    WORKER_RESIGNED = "worker_resigned"
    MISCONDUCT = "misconduct"
    HEALTH = "health"
    PERMIT_REFUSED_OR_EXPIRED = "permit_refused_or_expired"
    WELFARE_CASE = "welfare_case"
    OTHER = "other"


class EmploymentChange(StrEnum):
    """A change to an employment abroad that keeps the application `employed`."""

    CONTRACT_EXTENDED = "contract_extended"
    EMPLOYER_CHANGED = "employer_changed"


class Application(IdMixin, TimestampMixin, Base):
    __tablename__ = "application"
    # One application per seeker and vacancy, until the worker has returned: then they may
    # apply again (the next season of a seasonal scheme).
    __table_args__ = (
        Index(
            "uq_application_vacancy_id_seeker_id_active",
            "vacancy_id",
            "seeker_id",
            unique=True,
            sqlite_where=text("status <> 'returned'"),
            postgresql_where=text("status <> 'returned'"),
        ),
    )

    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancy.id"), index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus, 20), index=True)
    invited: Mapped[bool] = mapped_column(default=False)
    # Recorded with the step to `returned`: whether the worker kept the return obligation.
    returned_as_agreed: Mapped[bool | None]
    # The places an accepted application holds besides its programme's, taken with the acceptance
    # and given back with a withdrawal: its season's, and its citizenship's reserved ones.
    season_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme_season.id"))
    citizenship_quota_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("programme_citizenship_quota.id")
    )
    # Recorded with the departure under a programme's return obligation: departure + maximum stay.
    return_due_on: Mapped[date | None]


class ApplicationEvent(IdMixin, Base):
    """One step of the timeline, visible to the seeker, the employer and officers."""

    __tablename__ = "application_event"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[ApplicationStatus | None] = mapped_column(EnumText(ApplicationStatus, 20))
    to_status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus, 20))
    actor: Mapped[Actor] = mapped_column(EnumText(Actor, 16))
    actor_id: Mapped[str] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    # Recorded with a step out of `interview` (to offered or rejected), when the step gives it.
    interview_result: Mapped[InterviewResult | None] = mapped_column(EnumText(InterviewResult, 8))
    # Employment abroad: the step to `arrived` records arrived_on; to `employed`, started_on and
    # contract_ends_on; to `terminated`, termination_reason. An event with a `change` keeps the status
    # `employed` (from and to): a contract extension (contract_ends_on, the new end) or a change of
    # employer (employer_id when registered in IMIS, employer_name always, started_on, the reason in note).
    arrived_on: Mapped[date | None]
    started_on: Mapped[date | None]
    contract_ends_on: Mapped[date | None]
    termination_reason: Mapped[TerminationReason | None] = mapped_column(EnumText(TerminationReason, 32))
    change: Mapped[EmploymentChange | None] = mapped_column(EnumText(EmploymentChange, 20))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employer.id"))
    employer_name: Mapped[str | None] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)


# A placement: an application that reached `accepted` or beyond (abroad: departed, arrived, employed,
# terminated early, or returned).
PLACED = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.VISA_ISSUED,
    ApplicationStatus.DEPARTED,
    ApplicationStatus.ARRIVED,
    ApplicationStatus.EMPLOYED,
    ApplicationStatus.TERMINATED,
    ApplicationStatus.RETURNED,
)
DEPARTED = PLACED[3:]


class ErasedPlacement(IdMixin, Base):
    """What the ministry's statistics keep of a placement whose worker deleted their account: the
    vacancy (so its programme, country and occupation) and how far it went; nothing of the person."""

    __tablename__ = "erased_placement"

    vacancy_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vacancy.id"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(EnumText(ApplicationStatus, 20))
    erased_at: Mapped[datetime] = mapped_column(default=utcnow)
