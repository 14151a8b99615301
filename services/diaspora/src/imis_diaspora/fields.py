"""Field types the diaspora request bodies share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator

# Re-exported: the diaspora schemas take all their shared field types from here.
from imis_shared.validators import City as City
from imis_shared.validators import ConceptId as ConceptId
from imis_shared.validators import DecimalString, Trimmed
from imis_shared.validators import Name as Name

Description = Annotated[str, Trimmed(5000)]
CENT = Decimal("0.01")
Amount = Annotated[
    Decimal,
    DecimalString(integer_digits=12, positive=True),
    AfterValidator(lambda value: value.quantize(CENT)),
]
