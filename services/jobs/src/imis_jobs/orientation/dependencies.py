"""Whose enrolments the caller may touch, and whom an enrolment is for."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import is_officer
from imis_jobs.orientation import repository, service
from imis_jobs.orientation.models import OrientationEnrolment
from imis_jobs.orientation.schemas import EnrolmentIn
from imis_jobs.seekers import service as seeker_service
from imis_jobs.seekers.models import JobSeeker
from imis_shared.auth import CurrentPrincipal, Principal, Role
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound, ValidationFailed


async def enrolment_in_sight(
    enrolment_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> OrientationEnrolment:
    """The enrolment, for officers and the seeker it is for; another seeker gets 404 (ids are not
    probed), anyone else 403."""
    if is_officer(principal):
        return await service.get_enrolment(session, enrolment_id)
    if not principal.has_any_role({Role.JOB_SEEKER}):
        raise Forbidden("Only ministry officers and the job seeker enrolled see an enrolment.")
    enrolment = await service.get_enrolment(session, enrolment_id)
    seeker = await repository.seeker(session, enrolment.seeker_id)
    if seeker is None or seeker.user_id != principal.subject:
        raise NotFound("No such orientation enrolment.")
    return enrolment


EnrolmentDep = Annotated[OrientationEnrolment, Depends(enrolment_in_sight)]


async def enrollee(session: SessionDep, principal: Principal, body: EnrolmentIn) -> JobSeeker:
    """Whom the enrolment is for: the seeker an officer names (422 naming `seeker_id` when none or no
    such seeker), or the job seeker calling (their own profile; another seeker's id is 403). Called
    from the route once the body is valid."""
    if is_officer(principal):
        if body.seeker_id is None:
            raise ValidationFailed.field("seeker_id", "name the job seeker an officer enrols", "missing")
        seeker = await repository.seeker(session, body.seeker_id)
        if seeker is None:
            raise ValidationFailed.field("seeker_id", "is not a job seeker", "unknown_seeker")
        return seeker
    own = await seeker_service.own(session, principal.subject or "")
    if body.seeker_id is not None and body.seeker_id != own.id:
        raise Forbidden("A job seeker enrols only themself; an officer may enrol others.")
    return own
