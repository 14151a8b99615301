"""Programme endpoints: officers create bilateral programmes; anyone can read them."""

from __future__ import annotations

import uuid

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer
from imis_jobs.programmes import repository, service
from imis_jobs.programmes.schemas import ProgrammeCreate, ProgrammeOut, ProgrammeUpdate
from imis_jobs.programmes.views import programme_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=f"{API_PREFIX}/programmes", tags=["programmes"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "",
    response_model=ProgrammeOut,
    status_code=201,
    summary="Create a bilateral programme.",
    responses=ERRORS,
)
async def create_programme(body: ProgrammeCreate, officer: Officer, session: SessionDep) -> ProgrammeOut:
    """Officers and admins."""
    return programme_out(await service.create(session, body, officer.subject or ""))


@router.patch(
    "/{programme_id}",
    response_model=ProgrammeOut,
    summary="Change a programme: its name, eligibility, dates or quota.",
    responses=ERRORS,
)
async def update_programme(
    programme_id: uuid.UUID, body: ProgrammeUpdate, officer: Officer, session: SessionDep
) -> ProgrammeOut:
    """Officers and admins. The quota never goes below the places already used (`quota_used`;
    422 naming `quota`), even against acceptances at the same moment; the dates stay in order."""
    programme = await service.get(session, programme_id)
    return programme_out(await service.update(session, programme, body))


@router.get("", response_model=Page[ProgrammeOut], summary="Bilateral programmes.")
async def list_programmes(session: SessionDep, page: PageParamsDep) -> Page[ProgrammeOut]:
    """Public: migrants can see which programmes exist and how many places remain."""
    rows, total = await repository.search(session, page)
    return Page(items=[programme_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/{programme_id}",
    response_model=ProgrammeOut,
    summary="One programme with its quota used and remaining.",
    responses=ERRORS,
)
async def get_programme(programme_id: uuid.UUID, session: SessionDep) -> ProgrammeOut:
    """Public."""
    return programme_out(await service.get(session, programme_id))
