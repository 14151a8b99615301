"""Advisories per country (strikes, scams, entry rule changes), valid for a period."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class Severity(StrEnum):
    INFO = "info"
    ADVISORY = "advisory"
    WARNING = "warning"
    CRITICAL = "critical"


SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.ADVISORY: 2, Severity.INFO: 3}


class Alert(IdMixin, TimestampMixin, Base):
    __tablename__ = "alert"

    country: Mapped[str] = mapped_column(ForeignKey("country.code"), index=True)
    severity: Mapped[Severity] = mapped_column(EnumText(Severity, 16))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, doc="Per language: {title, body}.")
    valid_from: Mapped[datetime] = mapped_column(index=True)
    valid_until: Mapped[datetime | None] = mapped_column(index=True)
    updated_by: Mapped[str] = mapped_column(String(64))
