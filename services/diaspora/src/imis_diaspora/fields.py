"""Field types the diaspora request bodies share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

ConceptId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
City = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
CENT = Decimal("0.01")
Amount = Annotated[
    Decimal,
    Field(gt=0, le=Decimal("999999999999.99"), decimal_places=2),
    AfterValidator(lambda value: value.quantize(CENT)),
]
