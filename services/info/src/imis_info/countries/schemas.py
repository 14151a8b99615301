"""Country records: what editors send and what the country list and editors see."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from imis_info.countries.models import CountryRole
from imis_info.languages import Language, Served
from imis_shared.schemas import StrictModel
from imis_shared.validators import Trimmed

SummaryText = Annotated[str, Trimmed(4000)]


class EmergencyNumber(StrictModel):
    service: Literal["general", "police", "ambulance", "fire", "coast_guard", "migrant_hotline"]
    number: str = Field(pattern=r"^[0-9]{2,8}$", description="Dialled locally, e.g. `112`, `122`.")


class CountryUpsert(StrictModel):
    role: CountryRole
    summary: dict[Language, SummaryText] = Field(
        default_factory=dict, description="A short introduction per language."
    )
    emergency_numbers: list[EmergencyNumber] = Field(default_factory=list, max_length=12)


class CountryOut(Served):
    code: str
    role: CountryRole
    name: str = Field(description="In the served language.")
    names: dict[str, str] = Field(description="Names in every supported language (CLDR).")


class OfficialLanguageOut(BaseModel):
    code: str
    name: str


class CountryEditorOut(BaseModel):
    """What an editor stored."""

    code: str
    role: CountryRole
    summary: dict[str, str]
    emergency_numbers: list[EmergencyNumber]
    updated_by: str
