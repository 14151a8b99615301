"""Office bodies and responses."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator
from pydantic.config import JsonDict

from imis_info.offices.models import OfficeType
from imis_shared.schemas import StrictModel, omit_or_set
from imis_shared.validators import City, CountryCode, EmailAddress, Name, PhoneNumber, Trimmed

Service = Annotated[str, Trimmed(100)]
Address = Annotated[str, Trimmed(300, blank_ok=True)]
OpeningHours = Annotated[str, Trimmed(1000, blank_ok=True)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def _the_other_coordinate(given: str, other: str) -> JsonDict:
    return {
        "if": {"properties": {given: {"type": "number"}}, "required": [given]},
        "then": {"properties": {other: {"type": "number"}}, "required": [other]},
    }


class OfficeFields(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _the_other_coordinate("latitude", "longitude"),
                _the_other_coordinate("longitude", "latitude"),
            ]
        }
    )

    name: Name
    type: OfficeType
    country: CountryCode
    city: City | None = None
    address: Address | None = None
    phones: list[PhoneNumber] = Field(default_factory=list, max_length=10, description="E.164.")
    email: EmailAddress | None = None
    website: HttpUrl | None = None
    opening_hours: OpeningHours | None = Field(
        default=None, description="As the office states them, e.g. `Sun-Thu 09:00-15:00`."
    )
    services: list[Service] = Field(default_factory=list, max_length=30)
    latitude: Latitude | None = Field(default=None, description="Given with `longitude`, or neither.")
    longitude: Longitude | None = Field(default=None, description="Given with `latitude`, or neither.")

    @model_validator(mode="after")
    def _both_coordinates(self) -> OfficeFields:
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValueError(f"{missing}: give both latitude and longitude, or neither")
        return self


class OfficeCreate(OfficeFields):
    pass


class OfficeUpdate(StrictModel):
    """Fields to change; the result is checked as a whole."""

    name: Name | None = Field(default=None, json_schema_extra=omit_or_set)
    type: OfficeType | None = Field(default=None, json_schema_extra=omit_or_set)
    country: CountryCode | None = Field(default=None, json_schema_extra=omit_or_set)
    city: City | None = None
    address: Address | None = None
    phones: list[PhoneNumber] | None = Field(default=None, max_length=10, json_schema_extra=omit_or_set)
    email: EmailAddress | None = None
    website: HttpUrl | None = None
    opening_hours: OpeningHours | None = None
    services: list[Service] | None = Field(default=None, max_length=30, json_schema_extra=omit_or_set)
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class OfficeOut(BaseModel):
    id: uuid.UUID
    name: str
    type: OfficeType
    country: CountryCode
    city: str | None
    address: str | None
    phones: list[str]
    email: str | None
    website: str | None
    opening_hours: str | None
    services: list[str]
    latitude: float | None
    longitude: float | None


class NearbyOffice(OfficeOut):
    distance_km: float = Field(description="Great-circle distance from the given point.")
