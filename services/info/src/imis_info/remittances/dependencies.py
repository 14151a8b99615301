"""Loading the remittance quote a path names."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_info.remittances import repository
from imis_info.remittances.models import RemittanceQuote
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def quote_or_404(quote_id: uuid.UUID, session: SessionDep) -> RemittanceQuote:
    quote = await repository.get(session, quote_id)
    if quote is None:
        raise NotFound("No such remittance quote.")
    return quote


ExistingQuote = Annotated[RemittanceQuote, Depends(quote_or_404)]
