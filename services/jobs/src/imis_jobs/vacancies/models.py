"""Vacancies (job orders) with their skill and language requirements."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    PENDING_APPROVAL = "pending_approval"  # awaiting an officer, when the ministry's policy says so
    PUBLISHED = "published"
    CLOSED = "closed"
    FILLED = "filled"


class ContractType(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed_term"
    SEASONAL = "seasonal"


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Requirement(StrEnum):
    ESSENTIAL = "essential"
    OPTIONAL = "optional"


class Vacancy(IdMixin, TimestampMixin, Base):
    __tablename__ = "vacancy"

    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employer.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    occupation_id: Mapped[str] = mapped_column(ForeignKey("occupation.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    destination_country: Mapped[str] = mapped_column(String(2), index=True)
    destination_city: Mapped[str] = mapped_column(String(100))
    positions: Mapped[int]
    contract_type: Mapped[ContractType] = mapped_column(EnumText(ContractType, 16))
    contract_months: Mapped[int | None]
    salary_min: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    salary_max: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    salary_currency: Mapped[str] = mapped_column(String(3))
    salary_period: Mapped[SalaryPeriod] = mapped_column(EnumText(SalaryPeriod, 8))
    hours_per_week: Mapped[int]
    employer_pays_travel: Mapped[bool] = mapped_column(default=False)
    employer_pays_accommodation: Mapped[bool] = mapped_column(default=False)
    employer_pays_visa: Mapped[bool] = mapped_column(default=False)
    worker_fee_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal(0))
    worker_fee_currency: Mapped[str | None] = mapped_column(String(3))
    min_education_level: Mapped[int | None]
    min_experience_years: Mapped[int] = mapped_column(default=0)
    application_deadline: Mapped[date]
    programme_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme.id"), index=True)
    # Required languages count in matching only at a level a ministry language test verified.
    verified_languages_required: Mapped[bool] = mapped_column(default=False)
    season_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("programme_season.id"))
    skills_from_esco: Mapped[bool] = mapped_column(default=False)
    status: Mapped[VacancyStatus] = mapped_column(
        EnumText(VacancyStatus, 16), default=VacancyStatus.DRAFT, index=True
    )
    published_at: Mapped[datetime | None] = mapped_column(index=True)
    # The ministry's decision on the job order, when its policy requires approval.
    approved_by: Mapped[str | None] = mapped_column(String(64))
    approved_at: Mapped[datetime | None]
    approval_note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))

    skills: Mapped[list[VacancySkill]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="VacancySkill.skill_id"
    )
    languages: Mapped[list[VacancyLanguage]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="VacancyLanguage.language"
    )


class VacancySkill(Base):
    __tablename__ = "vacancy_skill"

    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(ForeignKey("skill.id"), primary_key=True, index=True)
    requirement: Mapped[Requirement] = mapped_column(EnumText(Requirement, 16))


class VacancyLanguage(Base):
    __tablename__ = "vacancy_language"

    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)
    min_level: Mapped[str] = mapped_column(String(2))
    required: Mapped[bool]
