"""Offices: editors keep the directory; anyone finds the nearest ones."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.offices.models import Office
from imis_info.offices.schemas import NearbyOffice, OfficeCreate, OfficeFields, OfficeOut, OfficeUpdate
from imis_shared.errors import ValidationFailed, field_errors_from_validation

EARTH_RADIUS_KM = 6371.0088


def _stored(body: OfficeFields | OfficeUpdate, names: set[str]) -> dict[str, object]:
    values = body.model_dump(include=names)
    if "website" in values and values["website"] is not None:
        values["website"] = str(values["website"])
    return values


async def create(session: AsyncSession, body: OfficeCreate, editor: str) -> Office:
    office = Office(**_stored(body, set(OfficeCreate.model_fields)), updated_by=editor)
    session.add(office)
    await session.flush()
    return office


async def update(session: AsyncSession, office: Office, body: OfficeUpdate, editor: str) -> Office:
    current = OfficeOut.model_validate(office, from_attributes=True).model_dump(
        include=set(OfficeFields.model_fields)
    )
    changes = body.model_dump(exclude_unset=True)
    try:
        merged = OfficeFields.model_validate({**current, **changes})
    except ValidationError as error:  # e.g. only one coordinate left, or a required field cleared
        errors = field_errors_from_validation(error.errors(include_url=False))
        raise ValidationFailed("The office is not valid.", errors=errors) from None
    for name, value in _stored(merged, set(changes)).items():
        setattr(office, name, value)
    office.updated_by = editor
    await session.flush()
    return office


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine great-circle distance."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def nearest(offices: Sequence[Office], lat: float, lon: float, limit: int) -> list[NearbyOffice]:
    measured = sorted(
        ((distance_km(lat, lon, o.latitude or 0.0, o.longitude or 0.0), str(o.id), o) for o in offices),
        key=lambda item: (item[0], item[1]),
    )
    return [
        NearbyOffice(
            **OfficeOut.model_validate(o, from_attributes=True).model_dump(), distance_km=round(d, 3)
        )
        for d, _, o in measured[:limit]
    ]


async def delete(session: AsyncSession, office: Office) -> None:
    await session.delete(office)
