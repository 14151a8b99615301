"""Field types the diaspora request bodies share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

# Re-exported: the diaspora schemas take all their shared field types from here.
from imis_shared.validators import City as City
from imis_shared.validators import ConceptId as ConceptId
from imis_shared.validators import Name as Name

Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
CENT = Decimal("0.01")
Amount = Annotated[
    Decimal,
    Field(gt=0, le=Decimal("999999999999.99"), decimal_places=2),
    AfterValidator(lambda value: value.quantize(CENT)),
]
