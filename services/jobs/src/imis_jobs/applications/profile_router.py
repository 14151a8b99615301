"""One job seeker's profile as staff and employers see it: ``GET /seekers/{seeker_id}``.

Served from the applications package because an application decides what an employer sees: the
contact details of a seeker who applied to one of its vacancies (as ``workflow.CONTACT_HIDDEN``
says). ``main`` registers this router right after the seekers router, where the route has always
stood in the published document.
"""

from __future__ import annotations

import uuid

from imis_jobs import API_PREFIX
from imis_jobs.access import is_employer_user, is_staff
from imis_jobs.applications import repository
from imis_jobs.employers import repository as employers
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.schemas import SeekerOut, SeekerProfile, SeekerProfileWithContact
from imis_jobs.seekers.views import profile_for_employer, seeker_out
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound, problem_responses

router = api_router(prefix=f"{API_PREFIX}/seekers", tags=["seekers"])
ERRORS = problem_responses(401, 403, 404)


@router.get(
    "/{seeker_id}",
    response_model=SeekerOut | SeekerProfileWithContact | SeekerProfile,
    summary="One job seeker.",
    responses=ERRORS,
)
async def get_seeker(
    seeker_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut | SeekerProfileWithContact | SeekerProfile:
    """Staff see the whole profile. Members of a verified employer see the profile (no birth
    date) of a seeker who consented to be found, or who applied to one of their vacancies, with
    contact details only in that second case. Others are refused."""
    seeker = await seekers.by_id(session, seeker_id)
    if is_staff(principal):
        if seeker is None:
            raise NotFound("No such job seeker.")
        return seeker_out(seeker, taxonomy)
    if not is_employer_user(principal) or not await employers.is_verified_member(
        session, principal.subject or ""
    ):
        raise Forbidden("Only ministry staff and verified employers can see job seekers.")
    if seeker is None:
        raise NotFound("No such job seeker.")
    if await repository.has_applied_to_employer_of(session, seeker.id, principal.subject or ""):
        return profile_for_employer(seeker, taxonomy, with_contact=True)
    if not seeker.discoverable:
        raise NotFound("No such job seeker.")
    return profile_for_employer(seeker, taxonomy, with_contact=False)
