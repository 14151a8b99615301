"""Development projects in the origin country, what they seek, and the pledges made to them.

A pledge's record lives here, with its project's, because a project's progress is the sum of its
pledges; the pledges package holds what members and officers do with pledges.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_diaspora.models import Base
from imis_diaspora.reference import Sector
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    FUNDED = "funded"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


# draft → open → funded → in progress → completed | cancelled. A project that seeks no money
# goes from open to in progress directly; any unfinished project can be cancelled.
TRANSITIONS: dict[ProjectStatus, frozenset[ProjectStatus]] = {
    ProjectStatus.DRAFT: frozenset({ProjectStatus.OPEN, ProjectStatus.CANCELLED}),
    ProjectStatus.OPEN: frozenset({ProjectStatus.FUNDED, ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED}),
    ProjectStatus.FUNDED: frozenset({ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED}),
    ProjectStatus.IN_PROGRESS: frozenset({ProjectStatus.COMPLETED, ProjectStatus.CANCELLED}),
    ProjectStatus.COMPLETED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}
EDITABLE = frozenset({ProjectStatus.DRAFT, ProjectStatus.OPEN})


class Project(IdMixin, TimestampMixin, Base):
    __tablename__ = "project"

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    subdivision: Mapped[str] = mapped_column(String(6), index=True)
    sector: Mapped[Sector] = mapped_column(EnumText(Sector, 30), index=True)
    occupation_id: Mapped[str | None] = mapped_column(String(36))  # the kind of expert sought
    isco_code: Mapped[str | None] = mapped_column(String(4))
    funding_target: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_currency: Mapped[str | None] = mapped_column(String(3))
    volunteer_days_sought: Mapped[int | None]
    expertise_days_sought: Mapped[int | None]
    terms_of_reference: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProjectStatus] = mapped_column(EnumText(ProjectStatus, 20), index=True)
    created_by: Mapped[str] = mapped_column(String(64))

    skills: Mapped[list[ProjectSkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ProjectSkill.skill_id"
    )


class ProjectSkill(Base):
    """An ESCO skill the project seeks expertise in."""

    __tablename__ = "project_skill"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class PledgeKind(StrEnum):
    MONEY = "money"
    EXPERTISE = "expertise"
    VOLUNTEERING = "volunteering"


class PledgeStatus(StrEnum):
    PLEDGED = "pledged"
    CONFIRMED = "confirmed"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


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
