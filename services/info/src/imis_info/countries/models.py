"""Country profiles: what editors write about a country; the standard facts come from facts.py."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base
from imis_shared.db import EnumText, TimestampMixin


class CountryRole(StrEnum):
    ORIGIN = "origin"
    DESTINATION = "destination"


class Country(TimestampMixin, Base):
    __tablename__ = "country"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    role: Mapped[CountryRole] = mapped_column(EnumText(CountryRole, 16), index=True)
    summary: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    emergency_numbers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_by: Mapped[str] = mapped_column(String(64))
