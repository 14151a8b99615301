"""Organisation endpoints: propose, verify, browse, and members linking to theirs."""

from __future__ import annotations

from fastapi import Response

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer
from imis_diaspora.members.dependencies import OwnMemberRow
from imis_diaspora.organisations import repository, service
from imis_diaspora.organisations.dependencies import (
    LoadedOrganisation,
    Proposer,
    VisibleOrganisation,
    listed_status,
)
from imis_diaspora.organisations.models import OrganisationStatus
from imis_diaspora.organisations.schemas import OrganisationCreate, OrganisationOut, OrganisationStatusChange
from imis_diaspora.organisations.views import organisation_out
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, OptionalPrincipal, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=API_PREFIX, tags=["organisations"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "/organisations",
    response_model=OrganisationOut,
    status_code=201,
    summary="Propose an organisation.",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def create_organisation(
    body: OrganisationCreate, user: Proposer, session: SessionDep
) -> OrganisationOut:
    """`diaspora_member` users, officers and admins. It is `pending` until an officer verifies it."""
    return organisation_out(await service.create(session, body, user.subject or ""))


@router.get(
    "/organisations",
    response_model=Page[OrganisationOut],
    summary="List organisations.",
    openapi_extra=audience(ANYONE),
)
async def list_organisations(
    principal: OptionalPrincipal,
    session: SessionDep,
    page: PageParamsDep,
    status: OrganisationStatus | None = None,
    country: CountryCode | None = None,
) -> Page[OrganisationOut]:
    """Anyone: verified organisations. Staff may ask for any `status` (all when not given)."""
    status = listed_status(principal, status)
    rows, total = await repository.search(session, page, status=status, country=country)
    return Page(items=[organisation_out(o) for o in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/organisations/{organisation_id}",
    response_model=OrganisationOut,
    summary="One organisation.",
    responses=problem_responses(404),
    openapi_extra=audience(ANYONE),
)
async def get_organisation(
    organisation: VisibleOrganisation,
) -> OrganisationOut:
    """Anyone, once verified; before that staff and whoever proposed it."""
    return organisation_out(organisation)


@router.post(
    "/organisations/{organisation_id}/status",
    response_model=OrganisationOut,
    summary="Verify or reject an organisation.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def set_organisation_status(
    body: OrganisationStatusChange, organisation: LoadedOrganisation, officer: Officer, session: SessionDep
) -> OrganisationOut:
    """Officers and admins, once per organisation (repeating the same decision is accepted)."""
    return organisation_out(await service.decide(session, organisation, OrganisationStatus(body.status)))


@router.get(
    "/members/me/organisations",
    response_model=list[OrganisationOut],
    summary="The organisations I belong to.",
    responses=ERRORS,
)
async def list_my_organisations(member: OwnMemberRow, session: SessionDep) -> list[OrganisationOut]:
    """Registered `diaspora_member` users."""
    return [organisation_out(o) for o in await repository.of_member(session, member.id)]


@router.put(
    "/members/me/organisations/{organisation_id}",
    status_code=204,
    summary="Say I belong to an organisation.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def join_organisation(
    organisation: LoadedOrganisation, member: OwnMemberRow, session: SessionDep
) -> Response:
    """Registered `diaspora_member` users, to verified organisations; repeating it changes nothing."""
    await service.join(session, member, organisation)
    return Response(status_code=204)


@router.delete(
    "/members/me/organisations/{organisation_id}",
    status_code=204,
    summary="Say I no longer belong to an organisation.",
    responses=ERRORS,
)
async def leave_organisation(
    organisation: LoadedOrganisation, member: OwnMemberRow, session: SessionDep
) -> Response:
    """Registered `diaspora_member` users."""
    await service.leave(session, member, organisation)
    return Response(status_code=204)
