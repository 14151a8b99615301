"""Response bodies of the statistics endpoints."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from imis_shared.validators import CurrencyCode, SubdivisionCode


class Dimension(StrEnum):
    COUNTRY_OF_RESIDENCE = "country_of_residence"
    ISCO_MAJOR_GROUP = "isco_major_group"
    SECTOR = "sector"
    EDUCATION_LEVEL = "education_level"
    EMIGRATION_PERIOD = "emigration_period"


class Cell(BaseModel):
    key: dict[str, str] = Field(description="The category of each dimension; `unknown` when not given.")
    count: int | None = Field(description="Null when suppressed.")
    suppressed: bool


class MemberTable(BaseModel):
    group_by: list[Dimension]
    min_cell: int = Field(description="Counts below this are suppressed (k).")
    cells: list[Cell]
    margins: dict[str, list[Cell]] = Field(
        description="For two dimensions: the totals per category of each (empty for one dimension)."
    )
    total: Cell


class Totals(BaseModel):
    projects: int = Field(description="Projects past the draft stage.")
    projects_by_status: dict[str, int]
    pledges: int = Field(description="Pledges not cancelled.")
    confirmed_by_currency: dict[CurrencyCode, Decimal]
    expertise_days: int
    volunteer_days: int


class SectorTotals(Totals):
    sector: str


class SubdivisionTotals(Totals):
    subdivision: SubdivisionCode


class ProjectSummary(BaseModel):
    by_sector: list[SectorTotals]
    by_subdivision: list[SubdivisionTotals]
