"""Whose returns the caller may read or change."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import Officer, SeekerUser, is_officer
from imis_jobs.reintegration import repository
from imis_jobs.reintegration.models import WorkerReturn
from imis_jobs.seekers import repository as seekers
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound

NO_SUCH_RETURN = "No such return."


@dataclass(frozen=True)
class ReturnSight:
    """A return as the caller may see it: its worker's own (``own``), or an officer's."""

    worker_return: WorkerReturn
    own: bool


async def _own(session: SessionDep, return_id: uuid.UUID, user_id: str) -> WorkerReturn:
    """The caller's own return; one answer (404) for one that does not exist and another's."""
    worker_return = await repository.get(session, return_id)
    seeker = await seekers.by_user(session, user_id) if worker_return is not None else None
    if worker_return is None or seeker is None or worker_return.seeker_id != seeker.id:
        raise NotFound(NO_SUCH_RETURN)
    return worker_return


async def return_in_sight(
    return_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> ReturnSight:
    """Officers and admins in person see any return; a worker their own (another's is 404). The
    route's audience keeps everyone else out."""
    if is_officer(principal):
        worker_return = await repository.get(session, return_id)
        if worker_return is None:
            raise NotFound(NO_SUCH_RETURN)
        own = False
    else:
        worker_return = await _own(session, return_id, principal.subject or "")
        own = True
    return ReturnSight(worker_return, own)


async def own_return(return_id: uuid.UUID, user: SeekerUser, session: SessionDep) -> WorkerReturn:
    return await _own(session, return_id, user.subject or "")


async def officer_return(return_id: uuid.UUID, officer: Officer, session: SessionDep) -> WorkerReturn:
    worker_return = await repository.get(session, return_id)
    if worker_return is None:
        raise NotFound(NO_SUCH_RETURN)
    return worker_return


ReturnInSight = Annotated[ReturnSight, Depends(return_in_sight)]
OwnReturn = Annotated[WorkerReturn, Depends(own_return)]
OfficerReturn = Annotated[WorkerReturn, Depends(officer_return)]
