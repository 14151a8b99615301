"""Building office responses from rows (no queries here)."""

from __future__ import annotations

from imis_info.offices.models import Office
from imis_info.offices.schemas import OfficeOut


def office_out(office: Office) -> OfficeOut:
    return OfficeOut.model_validate(office, from_attributes=True)
