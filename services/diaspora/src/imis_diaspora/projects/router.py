"""Project endpoints: officers create and run projects; open projects are public."""

from __future__ import annotations

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer
from imis_diaspora.config import SettingsDep
from imis_diaspora.projects import repository, service
from imis_diaspora.projects.dependencies import LoadedProject, VisibleProject, listed_status
from imis_diaspora.projects.models import Project, ProjectStatus
from imis_diaspora.projects.schemas import (
    ProjectCreate,
    ProjectDetail,
    ProjectOut,
    ProjectStatusChange,
    ProjectUpdate,
)
from imis_diaspora.projects.views import project_detail, project_out
from imis_diaspora.reference import Esco, EscoDep, Sector
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, OptionalPrincipal, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import SubdivisionCode

router = api_router(prefix=API_PREFIX, tags=["projects"])
ERRORS = problem_responses(401, 403, 404)


async def detail(session: SessionDep, project: Project, esco: Esco) -> ProjectDetail:
    """The project as loaded (or just written and flushed) with its pledge progress: it is not read again."""
    return project_detail(project, await service.progress(session, project), esco)


@router.post(
    "/projects",
    response_model=ProjectDetail,
    status_code=201,
    summary="Create a project (as a draft).",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def create_project(
    body: ProjectCreate, officer: Officer, session: SessionDep, esco: EscoDep, settings: SettingsDep
) -> ProjectDetail:
    """Officers and admins. The location is a subdivision of the origin country
    (`IMIS_DIASPORA_ORIGIN_COUNTRY`)."""
    project = await service.create(session, body, esco, settings.origin_country, officer.subject or "")
    return await detail(session, project, esco)


@router.patch(
    "/projects/{project_id}",
    response_model=ProjectDetail,
    summary="Change a project.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def update_project(
    body: ProjectUpdate,
    project: LoadedProject,
    officer: Officer,
    session: SessionDep,
    esco: EscoDep,
    settings: SettingsDep,
) -> ProjectDetail:
    """Officers and admins, while the project is a draft or open."""
    await service.update(session, project, body, esco, settings.origin_country)
    return await detail(session, project, esco)


@router.post(
    "/projects/{project_id}/status",
    response_model=ProjectDetail,
    summary="Move a project through its workflow.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def set_project_status(
    body: ProjectStatusChange, project: LoadedProject, officer: Officer, session: SessionDep, esco: EscoDep
) -> ProjectDetail:
    """Officers and admins: draft → open → funded → in_progress → completed, or cancelled
    before completion (open → in_progress directly for projects that seek no money)."""
    await service.change_status(session, project, body.status)
    return await detail(session, project, esco)


@router.get(
    "/projects",
    response_model=Page[ProjectOut],
    summary="List projects.",
    responses=ERRORS,
    openapi_extra=audience(ANYONE),
)
async def list_projects(
    principal: OptionalPrincipal,
    session: SessionDep,
    esco: EscoDep,
    page: PageParamsDep,
    status: ProjectStatus | None = None,
    sector: Sector | None = None,
    subdivision: SubdivisionCode | None = None,
) -> Page[ProjectOut]:
    """Anyone, anonymous callers included: open projects, or with `status` funded, in_progress or
    completed ones. Staff may ask for any `status` (all when not given). Newest first."""
    status = listed_status(principal, status)
    rows, total = await repository.search(
        session, page, status=status, sector=sector, subdivision=subdivision
    )
    return Page(items=[project_out(p, esco) for p in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/projects/{project_id}",
    response_model=ProjectDetail,
    summary="One project with its progress.",
    responses=problem_responses(404),
    openapi_extra=audience(ANYONE),
)
async def get_project(project: VisibleProject, session: SessionDep, esco: EscoDep) -> ProjectDetail:
    """Anyone once the project is open (and after, unless cancelled); staff at any time. Drafts
    and cancelled projects are 404 to others."""
    return await detail(session, project, esco)
