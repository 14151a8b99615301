"""A job seeker's saved vacancy searches."""

from __future__ import annotations

import uuid

from fastapi import Response

from imis_jobs import API_PREFIX
from imis_jobs.access import SeekerUser
from imis_jobs.config import SettingsDep
from imis_jobs.saved_searches import repository, service
from imis_jobs.saved_searches.schemas import SavedSearchIn, SavedSearchOut
from imis_jobs.saved_searches.views import saved_search_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(
    prefix=f"{API_PREFIX}/seekers/me/saved-searches", tags=["seekers"], responses=problem_responses(401, 403)
)


@router.post(
    "",
    status_code=201,
    response_model=SavedSearchOut,
    summary="Save a vacancy search and be told of new vacancies it finds.",
    responses=problem_responses(409, 422),
)
async def create_saved_search(
    body: SavedSearchIn, user: SeekerUser, session: SessionDep, settings: SettingsDep
) -> SavedSearchOut:
    """`job_seeker` users, at most `IMIS_JOBS_SAVED_SEARCH_LIMIT` (10) each (409
    `saved_search_limit`). From now on, each published vacancy that `GET /vacancies` with these filters
    would list is told to them once: at once (`instant`) or in a daily digest (`daily`), in their
    notification inbox and by the channels they chose (docs/notifications.md)."""
    saved = await service.save(session, user.subject or "", body, settings.saved_search_limit)
    return saved_search_out(saved, 0)


@router.get("", response_model=Page[SavedSearchOut], summary="My saved searches.")
async def list_my_saved_searches(
    user: SeekerUser, session: SessionDep, page: PageParamsDep
) -> Page[SavedSearchOut]:
    """`job_seeker` users, their own, oldest first."""
    rows, total = await repository.page_for(session, user.subject or "", page)
    counts = await repository.match_counts(session, [row.id for row in rows])
    return Page(
        items=[saved_search_out(row, counts.get(row.id, 0)) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.delete(
    "/{search_id}",
    status_code=204,
    response_class=Response,
    summary="Stop a saved search and its alerts.",
    responses=problem_responses(404),
)
async def delete_saved_search(search_id: uuid.UUID, user: SeekerUser, session: SessionDep) -> Response:
    """`job_seeker` users, their own (404 for anyone else's)."""
    await service.remove(session, user.subject or "", search_id)
    return Response(status_code=204)
