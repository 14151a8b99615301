"""What project routes (and the routes of packages built on projects) depend on: loading a
project, and who may see which."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_diaspora.access import is_staff
from imis_diaspora.projects import repository
from imis_diaspora.projects.models import Project, ProjectStatus
from imis_shared.auth import OptionalPrincipal, Principal
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound

# Open projects seek contributions; later stages stay public to show what came of them.
PUBLIC_STATUSES = frozenset(
    {ProjectStatus.OPEN, ProjectStatus.FUNDED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED}
)


async def load_project(project_id: uuid.UUID, session: SessionDep) -> Project:
    project = await repository.by_id(session, project_id)
    if project is None:
        raise NotFound("No such project.")
    return project


LoadedProject = Annotated[Project, Depends(load_project)]


async def visible_project(project: LoadedProject, principal: OptionalPrincipal) -> Project:
    if project.status in PUBLIC_STATUSES or is_staff(principal):
        return project
    raise NotFound("No such project.")


VisibleProject = Annotated[Project, Depends(visible_project)]


def listed_status(principal: Principal, status: ProjectStatus | None) -> ProjectStatus | None:
    """The status a list of projects shows: staff may ask for any (all when not given), anyone
    else for a public one (open when not given).

    A function the route calls rather than a dependency: as a dependency it would run before the
    route's other query parameters are validated, and the order of the parameters would change.
    """
    if is_staff(principal):
        return status
    if status is not None and status not in PUBLIC_STATUSES:
        raise Forbidden("Only ministry staff see draft and cancelled projects.")
    return status or ProjectStatus.OPEN
