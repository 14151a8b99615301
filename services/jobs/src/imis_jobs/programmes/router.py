"""Programme endpoints: officers create bilateral programmes; anyone can read them."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends
from sqlalchemy import select

from imis_jobs import API_PREFIX
from imis_jobs.programmes import service
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.schemas import ProgrammeCreate, ProgrammeOut
from imis_jobs.taxonomy.router import TaxonomyDep
from imis_shared.app import api_router
from imis_shared.auth import STAFF_ROLES, Principal, require_roles
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep, paginate

router = api_router(prefix=f"{API_PREFIX}/programmes", tags=["programmes"])
ERRORS = problem_responses(401, 403, 404)
Officer = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]


def programme_out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        **{key: getattr(programme, key) for key in ProgrammeOut.model_fields if key != "quota_remaining"},
        quota_remaining=programme.quota - programme.quota_used,
    )


async def get_programme(session: SessionDep, programme_id: uuid.UUID) -> Programme:
    programme = await session.get(Programme, programme_id, populate_existing=True)
    if programme is None:
        raise NotFound("No such programme.")
    return programme


@router.post(
    "",
    response_model=ProgrammeOut,
    status_code=201,
    summary="Create a bilateral programme.",
    responses=ERRORS,
)
async def create_programme(
    body: ProgrammeCreate, officer: Officer, session: SessionDep, taxonomy: TaxonomyDep
) -> ProgrammeOut:
    """Officers and admins."""
    return programme_out(await service.create(session, body, taxonomy, officer.subject or ""))


@router.get("", response_model=Page[ProgrammeOut], summary="Bilateral programmes.")
async def list_programmes(session: SessionDep, page: PageParamsDep) -> Page[ProgrammeOut]:
    """Public: migrants can see which programmes exist and how many places remain."""
    rows, total = await paginate(
        session, select(Programme).order_by(Programme.starts_on.desc(), Programme.id), page
    )
    return Page(items=[programme_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/{programme_id}",
    response_model=ProgrammeOut,
    summary="One programme with its quota used and remaining.",
    responses=ERRORS,
)
async def read_programme(programme_id: uuid.UUID, session: SessionDep) -> ProgrammeOut:
    """Public."""
    return programme_out(await get_programme(session, programme_id))
