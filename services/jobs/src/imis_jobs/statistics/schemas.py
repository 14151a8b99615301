"""Response body of the statistics endpoint."""

from __future__ import annotations

import uuid

from pydantic import BaseModel

from imis_shared.validators import CountryCode


class VacancyCell(BaseModel):
    destination_country: CountryCode
    isco_major_group: str
    vacancies: int
    positions: int


class ProgrammePlacements(BaseModel):
    programme_id: uuid.UUID
    name: str
    quota: int
    quota_used: int
    placements: int
    departed: int


class Statistics(BaseModel):
    vacancies: list[VacancyCell]
    applications_by_status: dict[str, int]
    placements_by_programme: list[ProgrammePlacements]
