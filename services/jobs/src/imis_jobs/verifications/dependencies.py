"""Whose checks the caller may read, and how much of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import is_officer
from imis_jobs.applications import repository as applications
from imis_jobs.employers.dependencies import require_verified_member
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.models import JobSeeker
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


@dataclass(frozen=True)
class ChecksInSight:
    """A seeker's checks as the caller may see them: staff in full, revoked ones too; the member
    of a verified employer whose vacancy the seeker applied to (or accepted an invitation to),
    their outcomes only."""

    seeker: JobSeeker
    whole: bool


async def checks_in_sight(
    seeker_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> ChecksInSight:
    seeker = await seekers.by_id(session, seeker_id)
    if is_officer(principal):
        if seeker is None:
            raise NotFound("No such job seeker.")
        return ChecksInSight(seeker, whole=True)
    refusal = "Only ministry officers and the seeker's prospective employers see their checks."
    member = await require_verified_member(session, principal, refusal)
    # One answer for a seeker who does not exist and one outside the pipeline: ids are not probed.
    if seeker is None or not await applications.has_applied_to_employer_of(session, seeker.id, member):
        raise NotFound("No such job seeker among your applicants.")
    return ChecksInSight(seeker, whole=False)


ChecksInSightDep = Annotated[ChecksInSight, Depends(checks_in_sight)]
