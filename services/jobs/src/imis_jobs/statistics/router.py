"""Statistics for the ministry: vacancies, applications and placements."""

from __future__ import annotations

from imis_jobs import API_PREFIX
from imis_jobs.access import StaffReader
from imis_jobs.statistics import service
from imis_jobs.statistics.schemas import Statistics
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["statistics"])
ERRORS = problem_responses(401, 403)


@router.get(
    "/statistics",
    response_model=Statistics,
    summary="Vacancies, applications and placements.",
    responses=ERRORS,
)
async def get_jobs_statistics(staff: StaffReader, session: SessionDep) -> Statistics:
    """Officers, admins and machine clients with `jobs:read`. Vacancies count once published
    (drafts are left out); placements are applications that reached `accepted` or beyond."""
    return await service.statistics(session)
