"""Who may see and change an employer: its members, and ministry staff."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import Officer, is_employer_user, is_staff
from imis_jobs.employers import repository
from imis_jobs.employers.models import Employer, MemberRole
from imis_shared.auth import CurrentPrincipal, Principal
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


async def require_member(
    session: SessionDep,
    employer_id: uuid.UUID,
    principal: Principal,
    refusal: str,
    *,
    in_good_standing: bool = False,
) -> None:
    """Refuse a caller who is not a member of the employer, and with ``in_good_standing`` a member
    of an employer that is suspended or rejected. For a route that learns the employer from what
    it loaded or was sent, once its input is valid."""
    if await repository.membership(session, employer_id, principal.subject or "") is None:
        raise Forbidden(refusal)
    if in_good_standing:
        employer = await _load(session, employer_id)
        if not employer.in_good_standing:
            raise Forbidden(
                f"Your employer is {employer.status.value}: its members see no job seekers until the "
                "ministry reinstates it."
            )


async def require_verified_member(session: SessionDep, principal: Principal, refusal: str) -> str:
    """Refuse (403, ``refusal``) anyone but a person with the `employer` role who is a member of a
    verified employer; their user id."""
    member = principal.subject or ""
    if not is_employer_user(principal) or not await repository.is_verified_member(session, member):
        raise Forbidden(refusal)
    return member


def listed_for(principal: Principal) -> str | None:
    """Whose employers a list shows: every one for staff (None), else the caller's own."""
    return None if is_staff(principal) else principal.subject or ""


ReadableEmployer = Annotated[Employer, Depends(employer_for_reader)]
MemberEmployer = Annotated[Employer, Depends(employer_for_member)]
OwnedEmployer = Annotated[Employer, Depends(employer_for_owner)]
OfficerEmployer = Annotated[Employer, Depends(employer_for_officer)]
