"""Employer endpoints: registration, verification by officers, members and invitations."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query, Response

from imis_jobs import API_PREFIX
from imis_jobs.access import EmployerUser, Officer
from imis_jobs.employers import repository, service
from imis_jobs.employers.dependencies import (
    MemberEmployer,
    OfficerEmployer,
    OwnedEmployer,
    ReadableEmployer,
    listed_for,
)
from imis_jobs.employers.models import EmployerStatus
from imis_jobs.employers.schemas import (
    EmployerCreate,
    EmployerMemberOut,
    EmployerOut,
    EmployerUpdate,
    InvitationAccept,
    InvitationOut,
    StatusChangeOut,
    StatusDecision,
)
from imis_jobs.employers.views import employer_out
from imis_shared.app import api_router
from imis_shared.auth import AUTHENTICATED, CurrentPrincipal, Role, audience, client_audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(
    prefix=f"{API_PREFIX}/employers",
    tags=["employers"],
    responses={401: PROBLEM_RESPONSE, 403: PROBLEM_RESPONSE},
)
NOT_FOUND = problem_responses(404)


@router.post("", response_model=EmployerOut, status_code=201, summary="Register an employer organisation.")
async def create_employer(body: EmployerCreate, user: EmployerUser, session: SessionDep) -> EmployerOut:
    """Users with the `employer` role. The caller becomes its owner; it starts `pending` until an
    officer verifies it, and only a verified employer can publish vacancies."""
    return employer_out(await service.create(session, body, user.subject or ""))


@router.get(
    "",
    response_model=Page[EmployerOut],
    summary="List employers.",
    openapi_extra=audience(AUTHENTICATED),
)
async def list_employers(
    principal: CurrentPrincipal,
    session: SessionDep,
    page: PageParamsDep,
    status: EmployerStatus | None = None,
    country: CountryCode | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name.")] = None,
) -> Page[EmployerOut]:
    """Officers, admins and machine clients with `jobs:read` see all employers; anyone else
    signed in sees the employers they are a member of."""
    member = listed_for(principal)
    rows, total = await repository.search(session, page, member=member, status=status, country=country, q=q)
    return Page(items=[employer_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.post(
    "/invitations/accept",
    response_model=EmployerOut,
    summary="Join an employer with an invitation code.",
    responses={**NOT_FOUND, 409: PROBLEM_RESPONSE},
)
async def accept_employer_invitation(
    body: InvitationAccept, user: EmployerUser, session: SessionDep
) -> EmployerOut:
    """Users with the `employer` role holding a code from one of the employer's owners."""
    return employer_out(await service.accept(session, body.code, user.subject or ""))


@router.get(
    "/{employer_id}",
    response_model=EmployerOut,
    summary="One employer.",
    responses=NOT_FOUND,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:read"])),
)
async def get_employer(employer: ReadableEmployer) -> EmployerOut:
    """The employer's members; officers, admins, machine clients with `jobs:read`."""
    return employer_out(employer)


@router.patch(
    "/{employer_id}",
    response_model=EmployerOut,
    summary="Change an employer's details.",
    responses=NOT_FOUND,
    openapi_extra=audience(Role.EMPLOYER),
)
async def update_employer(
    body: EmployerUpdate, employer: MemberEmployer, principal: CurrentPrincipal, session: SessionDep
) -> EmployerOut:
    """The employer's members. A rejected employer is resubmitted by any change; a verified one
    that changes its name, registration or licence number goes back to `pending`."""
    return employer_out(await service.update(session, employer, body, principal.subject or ""))


@router.post(
    "/{employer_id}/status",
    response_model=EmployerOut,
    summary="Verify, reject, suspend or reinstate an employer.",
    responses={**NOT_FOUND, 409: PROBLEM_RESPONSE},
)
async def set_employer_status(
    body: StatusDecision, employer: OfficerEmployer, officer: Officer, session: SessionDep
) -> EmployerOut:
    """Officers and admins. pending → verified | rejected; verified → suspended; suspended →
    verified. Other changes are 409 naming the allowed ones. Rejecting or suspending needs a reason."""
    return employer_out(await service.decide(session, employer, body, officer.subject or ""))


@router.get(
    "/{employer_id}/status-history",
    response_model=list[StatusChangeOut],
    summary="Every status change of an employer, oldest first.",
    responses=NOT_FOUND,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:read"])),
)
async def list_employer_status_changes(
    employer: ReadableEmployer, session: SessionDep
) -> list[StatusChangeOut]:
    """The employer's members; officers, admins, machine clients with `jobs:read`."""
    rows = await repository.history(session, employer.id)
    return [StatusChangeOut.model_validate(row, from_attributes=True) for row in rows]


@router.get(
    "/{employer_id}/members",
    response_model=list[EmployerMemberOut],
    summary="The employer's members.",
    responses=NOT_FOUND,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:read"])),
)
async def list_employer_members(employer: ReadableEmployer, session: SessionDep) -> list[EmployerMemberOut]:
    """The employer's members; officers, admins, machine clients with `jobs:read`."""
    return [
        EmployerMemberOut.model_validate(row, from_attributes=True)
        for row in await repository.members(session, employer.id)
    ]


@router.post(
    "/{employer_id}/invitations",
    response_model=InvitationOut,
    status_code=201,
    summary="Invite a colleague: a one-time code valid for 7 days.",
    responses=NOT_FOUND,
    openapi_extra=audience(Role.EMPLOYER),
)
async def create_employer_invitation(
    employer: OwnedEmployer, principal: CurrentPrincipal, session: SessionDep
) -> InvitationOut:
    """Owners of the employer. The code is shown once; only its hash is stored."""
    code, invitation = await service.invite(session, employer, principal.subject or "")
    return InvitationOut(code=code, expires_at=invitation.expires_at)


@router.delete(
    "/{employer_id}/members/{user_id}",
    status_code=204,
    summary="Remove a member.",
    responses={**NOT_FOUND, 409: PROBLEM_RESPONSE},
    openapi_extra=audience(Role.EMPLOYER),
)
async def delete_employer_member(
    user_id: Annotated[str, Path(max_length=64)], employer: OwnedEmployer, session: SessionDep
) -> Response:
    """Owners of the employer; the last owner cannot be removed."""
    await service.remove_member(session, employer, user_id)
    return Response(status_code=204)
