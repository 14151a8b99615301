"""Offices a migrant can turn to: embassies, consulates, labour attachés, resource centres, hotlines."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class OfficeType(StrEnum):
    EMBASSY = "embassy"
    CONSULATE = "consulate"
    LABOUR_ATTACHE = "labour_attache"
    MIGRANT_RESOURCE_CENTRE = "migrant_resource_centre"
    IOM = "iom"
    NGO = "ngo"
    HOTLINE = "hotline"
    GOVERNMENT_OFFICE = "government_office"


class Office(IdMixin, TimestampMixin, Base):
    __tablename__ = "office"

    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[OfficeType] = mapped_column(EnumText(OfficeType, 32), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True, doc="Where the office is.")
    city: Mapped[str | None] = mapped_column(String(100), index=True)
    address: Mapped[str | None] = mapped_column(String(300))
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(320))
    website: Mapped[str | None] = mapped_column(String(500))
    opening_hours: Mapped[str | None] = mapped_column(Text)
    services: Mapped[list[str]] = mapped_column(JSON, default=list)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(64))
