"""The programme a route's path names (404 when there is none)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_jobs.programmes import service
from imis_jobs.programmes.models import Programme
from imis_shared.db import SessionDep


async def programme_or_404(programme_id: uuid.UUID, session: SessionDep) -> Programme:
    return await service.get(session, programme_id)


ProgrammeDep = Annotated[Programme, Depends(programme_or_404)]
