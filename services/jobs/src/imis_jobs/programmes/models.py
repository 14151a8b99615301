"""Bilateral labour-migration programmes with a placement quota, its seasons and the places it
reserves per citizenship."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import IdMixin, TimestampMixin

QUOTA_WITHIN_BOUNDS = "quota_used >= 0 AND quota_used <= quota"


class Programme(IdMixin, TimestampMixin, Base):
    __tablename__ = "programme"
    __table_args__ = (CheckConstraint(QUOTA_WITHIN_BOUNDS, name="quota_within_bounds"),)

    name: Mapped[str] = mapped_column(String(200))
    destination_country: Mapped[str] = mapped_column(String(2))
    origin_country: Mapped[str] = mapped_column(String(2))
    eligible_citizenships: Mapped[list[str]] = mapped_column(JSON)
    isco_groups: Mapped[list[str]] = mapped_column(JSON)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    quota: Mapped[int]
    quota_used: Mapped[int] = mapped_column(default=0)
    # Verification kinds a seeker must hold, passed and valid, to be pre-screened for it;
    # empty: the ministry's default (``IMIS_JOBS_PRESCREENING_REQUIRES``).
    required_verifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How long a worker may stay, from departure; with the return obligation, the departure
    # records the date they must be back by (``Application.return_due_on``).
    max_stay_months: Mapped[int | None]
    return_obligation: Mapped[bool] = mapped_column(default=False)
    # Its vacancies' required languages count in matching only at a verified level.
    verified_languages_required: Mapped[bool] = mapped_column(default=False)
    # Whether a departure needs a valid pre-departure orientation certificate (orientation);
    # None: the ministry's default (``IMIS_JOBS_ORIENTATION_REQUIRED``).
    orientation_required: Mapped[bool | None]
    created_by: Mapped[str] = mapped_column(String(64))


class Season(IdMixin, TimestampMixin, Base):
    """One season of a programme that repeats (a harvest), with its own period and quota; an
    acceptance to a vacancy of the season takes a place here and in the programme."""

    __tablename__ = "programme_season"
    __table_args__ = (
        CheckConstraint(QUOTA_WITHIN_BOUNDS, name="quota_within_bounds"),
        UniqueConstraint("programme_id", "name"),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programme.id"))
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    quota: Mapped[int]
    quota_used: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(64))


class CitizenshipQuota(IdMixin, TimestampMixin, Base):
    """Places of a programme's quota reserved for the citizens of one country: they take their
    places here (and in the programme) and others only the places no citizenship reserves."""

    __tablename__ = "programme_citizenship_quota"
    __table_args__ = (
        CheckConstraint(QUOTA_WITHIN_BOUNDS, name="quota_within_bounds"),
        UniqueConstraint("programme_id", "citizenship"),
    )

    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programme.id"))
    citizenship: Mapped[str] = mapped_column(String(2))
    quota: Mapped[int]
    quota_used: Mapped[int] = mapped_column(default=0)
    created_by: Mapped[str] = mapped_column(String(64))
