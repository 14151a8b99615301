"""A seeker's saved vacancy searches, and which vacancies each has alerted them to."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, utcnow


class AlertFrequency(StrEnum):
    INSTANT = "instant"  # a notification for each matching vacancy, when it is published
    DAILY = "daily"  # one digest a day of the new matches


class SavedSearch(IdMixin, Base):
    __tablename__ = "saved_search"

    user_id: Mapped[str] = mapped_column(String(64), index=True)  # the account; erased with it
    name: Mapped[str] = mapped_column(String(100))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)  # the public search's filters, as saved
    frequency: Mapped[AlertFrequency] = mapped_column(EnumText(AlertFrequency, 12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    digest_sent_at: Mapped[datetime | None]


class SavedSearchMatch(Base):
    """A vacancy a saved search matched when it was published: the person is told of it once."""

    __tablename__ = "saved_search_match"

    search_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("saved_search.id", ondelete="CASCADE"), primary_key=True
    )
    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True
    )
    matched_at: Mapped[datetime] = mapped_column(default=utcnow)
    told_at: Mapped[datetime | None]  # instant: when matched; daily: when the digest went
