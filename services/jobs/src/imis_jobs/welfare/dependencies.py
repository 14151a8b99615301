"""Who may see a welfare case: officers in person, whole; the worker who follows it (its
reporter, or the worker whose profile it names), without internal notes. Anyone else is told
there is no such case (404), so case ids cannot be probed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.access import Officer, SeekerUser, is_officer
from imis_jobs.seekers import repository as seekers
from imis_jobs.welfare import repository, service
from imis_jobs.welfare.models import WelfareCase
from imis_shared.auth import CurrentPrincipal, Principal, PrincipalKind, Role
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound

NO_SUCH_CASE = "No such welfare case among yours."


async def follows(session: AsyncSession, case: WelfareCase, principal: Principal) -> bool:
    """Whether ``principal`` is a job_seeker-role user who reported ``case`` or whose profile it names."""
    if principal.kind is not PrincipalKind.USER or not principal.has_any_role({Role.JOB_SEEKER}):
        return False
    user = principal.subject or ""
    if case.reporter_id is not None and case.reporter_id == user:
        return True
    if case.seeker_id is None:
        return False
    profile = await seekers.by_user(session, user)
    return profile is not None and profile.id == case.seeker_id


@dataclass(frozen=True)
class CaseInSight:
    case: WelfareCase
    whole: bool  # an officer's sight; else the worker's
    principal: Principal


async def _followed(session: AsyncSession, case_id: uuid.UUID, principal: Principal) -> WelfareCase:
    """One answer for a case that does not exist and one the caller does not follow."""
    case = await repository.get(session, case_id)
    if case is None or not await follows(session, case, principal):
        raise NotFound(NO_SUCH_CASE)
    return case


async def case_in_sight(case_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep) -> CaseInSight:
    if is_officer(principal):
        return CaseInSight(await service.get(session, case_id), whole=True, principal=principal)
    return CaseInSight(await _followed(session, case_id, principal), whole=False, principal=principal)


async def followed_case(case_id: uuid.UUID, user: SeekerUser, session: SessionDep) -> WelfareCase:
    """The case the worker (or reporter) follows; 404 for anyone else's."""
    return await _followed(session, case_id, user)


async def officer_case(case_id: uuid.UUID, officer: Officer, session: SessionDep) -> WelfareCase:
    return await service.get(session, case_id)


CaseInSightDep = Annotated[CaseInSight, Depends(case_in_sight)]
FollowedCase = Annotated[WelfareCase, Depends(followed_case)]
OfficerCase = Annotated[WelfareCase, Depends(officer_case)]
