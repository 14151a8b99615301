"""Bilateral labour-migration programmes with a placement quota."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import IdMixin, TimestampMixin


class Programme(IdMixin, TimestampMixin, Base):
    __tablename__ = "programme"
    __table_args__ = (CheckConstraint("quota_used >= 0 AND quota_used <= quota", name="quota_within_bounds"),)

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
    created_by: Mapped[str] = mapped_column(String(64))
