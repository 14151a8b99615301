"""One job seeker's profile as staff and employers see it: ``GET /seekers/{seeker_id}``.

Served from the applications package because an application decides what an employer sees: the
contact details of a seeker who applied to one of its vacancies (as ``workflow.CONTACT_HIDDEN``
says). ``main`` registers this router right after the seekers router, where the route has always
stood in the published document.
"""

from __future__ import annotations

from imis_jobs import API_PREFIX
from imis_jobs.applications.dependencies import SeekerInSight
from imis_jobs.seekers.schemas import SeekerOut, SeekerProfile, SeekerProfileWithContact
from imis_jobs.seekers.views import profile_for_employer, seeker_out
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_shared.app import api_router
from imis_shared.auth import Role, audience, client_audience
from imis_shared.errors import problem_responses

router = api_router(prefix=f"{API_PREFIX}/seekers", tags=["seekers"])
ERRORS = problem_responses(401, 403, 404)


@router.get(
    "/{seeker_id}",
    response_model=SeekerOut | SeekerProfileWithContact | SeekerProfile,
    summary="One job seeker.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:seekers:read"])),
)
async def get_seeker_profile(
    sight: SeekerInSight, taxonomy: TaxonomyDep
) -> SeekerOut | SeekerProfileWithContact | SeekerProfile:
    """Staff see the whole profile. Members of a verified employer see the profile (no birth
    date) of a seeker who consented to be found, or who applied to one of their vacancies, with
    contact details only in that second case. Others are refused."""
    if sight.whole:
        return seeker_out(sight.seeker, taxonomy)
    return profile_for_employer(sight.seeker, taxonomy, with_contact=sight.with_contact)
