"""The response body of the suggestion endpoint."""

from __future__ import annotations

import uuid

from pydantic import BaseModel

from imis_shared.validators import CountryCode


class Suggestion(BaseModel):
    member_id: uuid.UUID
    full_name: str
    residence_country: CountryCode
    score: float
    components: dict[str, float]
    reasons: list[str]
