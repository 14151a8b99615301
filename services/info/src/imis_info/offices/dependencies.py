"""Loading the office a path names."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_info.offices import repository
from imis_info.offices.models import Office
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def office_or_404(office_id: uuid.UUID, session: SessionDep) -> Office:
    office = await repository.get(session, office_id)
    if office is None:
        raise NotFound("No such office.")
    return office


ExistingOffice = Annotated[Office, Depends(office_or_404)]
