"""Bodies of the saved-search endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from imis_jobs.saved_searches.models import AlertFrequency
from imis_jobs.vacancies.models import ContractType
from imis_shared.schemas import StrictModel
from imis_shared.validators import ConceptId, CountryCode, IscoCode, LanguageCode, Trimmed


class SearchFilters(StrictModel):
    """The filters of `GET /vacancies`, with the same meaning; none: every new vacancy."""

    q: Annotated[str, Trimmed(200)] | None = Field(
        default=None, description="Words in the title or description."
    )
    occupation: ConceptId | None = Field(default=None, description="ESCO occupation id.")
    isco: IscoCode | None = Field(default=None, description="ISCO-08 group, any level.")
    country: CountryCode | None = Field(default=None, description="Destination country.")
    contract_type: ContractType | None = None
    language: LanguageCode | None = Field(default=None, description="A language the vacancy asks for.")
    programme: uuid.UUID | None = Field(default=None, description="A bilateral programme.")


class SavedSearchIn(StrictModel):
    name: Annotated[str, Trimmed(100)] = Field(
        description="The seeker's name for it, e.g. `Nursing in Italy`."
    )
    frequency: AlertFrequency = Field(
        default=AlertFrequency.INSTANT,
        description="`instant`: a notification for each new matching vacancy; `daily`: one digest a day.",
    )
    filters: SearchFilters


class SavedSearchOut(BaseModel):
    id: uuid.UUID
    name: str
    frequency: AlertFrequency
    filters: SearchFilters
    created_at: datetime
    matches: int = Field(description="Vacancies it has matched since it was saved.")
