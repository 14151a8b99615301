"""Pledge endpoints: members pledge to open projects and cancel their own; officers decide."""

from __future__ import annotations

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer, StaffReader
from imis_diaspora.members.dependencies import OwnMemberRow
from imis_diaspora.pledges import repository, service
from imis_diaspora.pledges.dependencies import LoadedPledge, OwnPledge
from imis_diaspora.pledges.schemas import PledgeCreate, PledgeDecision, PledgeOut
from imis_diaspora.pledges.views import pledge_out
from imis_diaspora.projects.dependencies import LoadedProject, VisibleProject
from imis_diaspora.projects.models import PledgeStatus
from imis_diaspora.reference import EscoDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["pledges"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "/projects/{project_id}/pledges",
    response_model=PledgeOut,
    status_code=201,
    summary="Pledge to an open project.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def make_pledge(
    body: PledgeCreate, project: VisibleProject, member: OwnMemberRow, session: SessionDep, esco: EscoDep
) -> PledgeOut:
    """Registered `diaspora_member` users. Money: amount and currency; expertise: days and
    optionally ESCO skills; volunteering: days. 409 if the project is not open."""
    return pledge_out(await service.pledge(session, project, member, body, esco))


@router.get(
    "/projects/{project_id}/pledges",
    response_model=Page[PledgeOut],
    summary="A project's pledges.",
    responses=ERRORS,
)
async def list_project_pledges(
    project: LoadedProject,
    staff: StaffReader,
    session: SessionDep,
    page: PageParamsDep,
    status: PledgeStatus | None = None,
) -> Page[PledgeOut]:
    """Officers, admins and machine clients with `diaspora:read`; oldest first."""
    rows, total = await repository.search(session, page, project_id=project.id, status=status)
    return Page(items=[pledge_out(p) for p in rows], total=total, limit=page.limit, offset=page.offset)


@router.get("/members/me/pledges", response_model=Page[PledgeOut], summary="My pledges.", responses=ERRORS)
async def list_my_pledges(member: OwnMemberRow, session: SessionDep, page: PageParamsDep) -> Page[PledgeOut]:
    """Registered `diaspora_member` users."""
    rows, total = await repository.search(session, page, member_id=member.id)
    return Page(items=[pledge_out(p) for p in rows], total=total, limit=page.limit, offset=page.offset)


@router.post(
    "/pledges/{pledge_id}/cancel",
    response_model=PledgeOut,
    summary="Cancel my pledge.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def cancel_pledge(pledge: OwnPledge, session: SessionDep) -> PledgeOut:
    """The `diaspora_member` who pledged, until the pledge is fulfilled."""
    return pledge_out(await service.move(session, pledge, PledgeStatus.CANCELLED))


@router.post(
    "/pledges/{pledge_id}/status",
    response_model=PledgeOut,
    summary="Confirm, mark fulfilled or cancel a pledge.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def set_pledge_status(
    body: PledgeDecision,
    pledge: LoadedPledge,
    officer: Officer,
    session: SessionDep,
) -> PledgeOut:
    """Officers and admins: pledged → confirmed → fulfilled, or cancelled before fulfilment."""
    return pledge_out(await service.move(session, pledge, PledgeStatus(body.status)))
