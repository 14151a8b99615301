"""What organisation routes depend on: who may propose one, loading one, and who may see which."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_diaspora.access import is_staff
from imis_diaspora.organisations import repository
from imis_diaspora.organisations.models import Organisation, OrganisationStatus
from imis_shared.auth import OptionalPrincipal, Principal, Role, require_roles
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound

Proposer = Annotated[Principal, Depends(require_roles(Role.DIASPORA_MEMBER, Role.OFFICER, Role.ADMIN))]


async def _load(organisation_id: uuid.UUID, session: SessionDep) -> Organisation:
    organisation = await repository.by_id(session, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation.")
    return organisation


LoadedOrganisation = Annotated[Organisation, Depends(_load)]


async def visible_organisation(
    organisation: LoadedOrganisation, principal: OptionalPrincipal
) -> Organisation:
    if organisation.status is OrganisationStatus.VERIFIED or is_staff(principal):
        return organisation
    if principal.is_authenticated and principal.subject == organisation.created_by:
        return organisation
    raise NotFound("No such organisation.")


VisibleOrganisation = Annotated[Organisation, Depends(visible_organisation)]


def listed_status(principal: Principal, status: OrganisationStatus | None) -> OrganisationStatus | None:
    """The status a list of organisations shows: staff may ask for any (all when not given),
    anyone else sees verified organisations only.

    A function the route calls rather than a dependency: as a dependency it would run before the
    route's other query parameters are validated, and the order of the parameters would change.
    """
    if is_staff(principal):
        return status
    if status not in (None, OrganisationStatus.VERIFIED):
        raise Forbidden("Only ministry staff see organisations that are not verified.")
    return OrganisationStatus.VERIFIED
