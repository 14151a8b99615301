"""Members suggested for a project, best fit first, with the reasons."""

from __future__ import annotations

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer
from imis_diaspora.projects.dependencies import LoadedProject
from imis_diaspora.reference import EscoDep
from imis_diaspora.suggestions import service
from imis_diaspora.suggestions.schemas import Suggestion
from imis_diaspora.suggestions.views import suggestion
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["suggestions"])


@router.get(
    "/projects/{project_id}/suggested-members",
    response_model=Page[Suggestion],
    summary="Members who fit a project.",
    responses=problem_responses(401, 403, 404),
)
async def list_suggested_members(
    project: LoadedProject, officer: Officer, session: SessionDep, esco: EscoDep, page: PageParamsDep
) -> Page[Suggestion]:
    """Officers and admins. Only members who consented to project suggestions; ranked by the
    score of docs/diaspora.md (skills, occupation, sector), then by name."""
    ranked = await service.ranked(session, project, esco)
    window = ranked[page.offset : page.offset + page.limit]
    return Page(
        items=[suggestion(m, f) for m, f in window], total=len(ranked), limit=page.limit, offset=page.offset
    )
