"""Who may see and change an employer: its members, and ministry staff."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import Officer, is_staff
from imis_jobs.employers import repository
from imis_jobs.employers.models import Employer, MemberRole
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound


async def _load(session: SessionDep, employer_id: uuid.UUID) -> Employer:
    employer = await repository.get(session, employer_id)
    if employer is None:
        raise NotFound("No such employer.")
    return employer


async def employer_for_reader(
    employer_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Employer:
    employer = await _load(session, employer_id)
    if (
        is_staff(principal)
        or await repository.membership(session, employer.id, principal.subject or "") is not None
    ):
        return employer
    raise Forbidden("Only the employer's members and ministry staff can see it.")


async def employer_for_member(
    employer_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Employer:
    employer = await _load(session, employer_id)
    if await repository.membership(session, employer.id, principal.subject or "") is None:
        raise Forbidden("Only the employer's members can change it.")
    return employer


async def employer_for_owner(
    employer_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> Employer:
    employer = await _load(session, employer_id)
    member = await repository.membership(session, employer.id, principal.subject or "")
    if member is None or member.role != MemberRole.OWNER:
        raise Forbidden("Only an owner of the employer can do this.")
    return employer


async def employer_for_officer(employer_id: uuid.UUID, principal: Officer, session: SessionDep) -> Employer:
    return await _load(session, employer_id)


ReadableEmployer = Annotated[Employer, Depends(employer_for_reader)]
MemberEmployer = Annotated[Employer, Depends(employer_for_member)]
OwnedEmployer = Annotated[Employer, Depends(employer_for_owner)]
OfficerEmployer = Annotated[Employer, Depends(employer_for_officer)]
