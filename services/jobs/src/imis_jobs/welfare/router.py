"""Welfare endpoints: workers (or family members) open cases and follow them, officers record,
assign, annotate, move and count them and may suspend the accused employer, and the accused
employer's members see a summary of the cases against it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser, StaffReader, require_officer
from imis_jobs.config import SettingsDep
from imis_jobs.employers.dependencies import MemberEmployer, OfficerEmployer
from imis_jobs.seekers import repository as seekers
from imis_jobs.welfare import repository, service, statistics, workflow
from imis_jobs.welfare.dependencies import CaseInSightDep, FollowedCase, OfficerCase
from imis_jobs.welfare.models import WelfareCase, WelfareCaseStatus, WelfareCategory, WelfareSide
from imis_jobs.welfare.repository import CaseFilter
from imis_jobs.welfare.schemas import (
    EmployerSuspensionIn,
    EmployerWelfareCaseOut,
    FollowedWelfareCaseOut,
    FollowedWelfareCaseSummary,
    RecordedWelfareCaseIn,
    WelfareAssigneeIn,
    WelfareCaseChange,
    WelfareCaseIn,
    WelfareCaseOut,
    WelfareCaseSummary,
    WelfareEntryOut,
    WelfareMessageIn,
    WelfareNoteIn,
    WelfareRecord,
    WelfareStatistics,
    WelfareStatusIn,
)
from imis_jobs.welfare.views import (
    case_out,
    case_summary,
    employer_case_out,
    entry_out,
    followed_out,
    followed_summary,
)
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=API_PREFIX, tags=["welfare"])
IN_SIGHT = audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN)


async def officer_view(session: SessionDep, case: WelfareCase) -> WelfareCaseOut:
    return case_out(case, await repository.entries(session, case.id, shared_only=False), utcnow())


async def follower_view(session: SessionDep, case: WelfareCase) -> FollowedWelfareCaseOut:
    return followed_out(case, await repository.entries(session, case.id, shared_only=True))


@router.post(
    "/welfare-cases",
    response_model=FollowedWelfareCaseOut,
    status_code=201,
    summary="Open a welfare case (for oneself or on a worker's behalf).",
    responses=problem_responses(401, 403, 422),
)
async def create_welfare_case(
    body: WelfareCaseIn, user: SeekerUser, session: SessionDep, settings: SettingsDep
) -> FollowedWelfareCaseOut:
    """`job_seeker` users: a complaint or a call for help about their own work abroad, or (with
    `on_behalf`) a family member's report for a worker, naming the worker, the reporter's
    relationship and a contact. The first response is due within the hours its urgency sets.
    `employer_id` must be an employer or agency; `application_id` one of the caller's own."""
    case = await service.open_case(session, body, user.subject or "", settings)
    return await follower_view(session, case)


@router.post(
    "/recorded-welfare-cases",
    response_model=WelfareCaseOut,
    status_code=201,
    summary="Record a welfare case after a call or a visit.",
    responses=problem_responses(401, 403, 422),
)
async def record_welfare_case(
    body: RecordedWelfareCaseIn, officer: Officer, session: SessionDep, settings: SettingsDep
) -> WelfareCaseOut:
    """Officers and admins in person: a case learned of by `channel`. Naming the worker's profile
    (`seeker_id`, or an `application_id` of theirs) lets the worker follow it from their account."""
    case = await service.record_case(session, body, officer.subject or "", settings)
    return await officer_view(session, case)


@router.get(
    "/welfare-cases",
    response_model=Page[WelfareCaseSummary],
    summary="List welfare cases.",
    responses=problem_responses(401, 403, 422),
    openapi_extra=audience(Role.OFFICER, Role.ADMIN),
)
async def list_welfare_cases(
    principal: CurrentPrincipal,
    session: SessionDep,
    page: PageParamsDep,
    status: WelfareCaseStatus | None = None,
    category: WelfareCategory | None = None,
    country: Annotated[CountryCode | None, Query(description="Where it happens.")] = None,
    employer_id: uuid.UUID | None = None,
    assigned_to: Annotated[str | None, Query(max_length=64, description="An officer's user id.")] = None,
    overdue: Annotated[
        bool,
        Query(
            description="True: only cases with no first response past their deadline, longest overdue first."
        ),
    ] = False,
) -> Page[WelfareCaseSummary]:
    """Officers and admins in person (supervisors are officers: `overdue=true` is their queue).
    The latest first."""
    require_officer(principal, "Only ministry officers can list welfare cases.")
    now = utcnow()
    where = CaseFilter(status, category, country, employer_id, assigned_to, overdue)
    rows, total = await repository.search(session, where, now, page)
    return Page(
        items=[case_summary(row, now) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/seekers/me/welfare-cases",
    response_model=Page[FollowedWelfareCaseSummary],
    summary="The welfare cases I follow.",
    responses=problem_responses(401, 403),
    tags=["seekers"],
)
async def list_my_welfare_cases(
    user: SeekerUser, session: SessionDep, page: PageParamsDep
) -> Page[FollowedWelfareCaseSummary]:
    """`job_seeker` users: the cases they reported (for themselves or on someone's behalf) and those
    naming their profile, the latest first."""
    subject = user.subject or ""
    profile = await seekers.by_user(session, subject)
    rows, total = await repository.followed_by(session, subject, profile.id if profile else None, page)
    return Page(
        items=[followed_summary(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/welfare-cases/{case_id}",
    response_model=WelfareCaseOut | FollowedWelfareCaseOut,
    summary="A welfare case.",
    responses=problem_responses(401, 403, 404),
    openapi_extra=IN_SIGHT,
)
async def get_welfare_case(
    sight: CaseInSightDep, session: SessionDep
) -> WelfareCaseOut | FollowedWelfareCaseOut:
    """Officers and admins in person: the whole case. The worker who follows it (its reporter, or
    the worker whose profile it names): the case with the officers' shared notes and the thread,
    never internal notes nor who handles it. Another `job_seeker`: 404; other roles: 403."""
    if sight.whole:
        return await officer_view(session, sight.case)
    return await follower_view(session, sight.case)


@router.patch(
    "/welfare-cases/{case_id}",
    response_model=FollowedWelfareCaseOut,
    summary="Share (or stop sharing) my identity with the accused employer.",
    responses=problem_responses(401, 403, 404, 422),
)
async def update_welfare_case(
    body: WelfareCaseChange, case: FollowedCase, session: SessionDep
) -> FollowedWelfareCaseOut:
    """The worker who follows the case (or the reporter who opened it) only:
    `identity_shared_with_employer` lets the accused employer's members see the worker's name.
    Anyone else's case: 404."""
    await service.share_identity(session, case, body.identity_shared_with_employer)
    return await follower_view(session, case)


@router.put(
    "/welfare-cases/{case_id}/assignee",
    response_model=WelfareCaseOut,
    summary="Assign a welfare case to an officer.",
    responses=problem_responses(401, 403, 404, 422),
)
async def replace_welfare_case_assignee(
    body: WelfareAssigneeIn, case: OfficerCase, session: SessionDep
) -> WelfareCaseOut:
    """Officers and admins in person, to any officer's user id (their own too)."""
    await service.assign(session, case, body.officer_id)
    return await officer_view(session, case)


@router.post(
    "/welfare-cases/{case_id}/notes",
    response_model=WelfareEntryOut,
    status_code=201,
    summary="Add a note to a welfare case.",
    responses=problem_responses(401, 403, 404, 422),
)
async def create_welfare_case_note(
    body: WelfareNoteIn, case: OfficerCase, officer: Officer, session: SessionDep
) -> WelfareEntryOut:
    """Officers and admins in person. `internal` notes only officers read; `shared` ones the worker
    reads too, and the first shared one is the case's first response."""
    entry = await service.add_note(session, case, officer.subject or "", body.text, body.visibility)
    return entry_out(entry, whole=True)


@router.post(
    "/welfare-cases/{case_id}/messages",
    response_model=WelfareEntryOut,
    status_code=201,
    summary="Write in a welfare case's thread.",
    responses=problem_responses(401, 403, 404, 422),
    openapi_extra=IN_SIGHT,
)
async def create_welfare_case_message(
    body: WelfareMessageIn, sight: CaseInSightDep, session: SessionDep
) -> WelfareEntryOut:
    """The worker who follows the case, and officers and admins in person (an officer's message is
    a response to the case). Another `job_seeker`: 404; other roles: 403."""
    side = WelfareSide.OFFICER if sight.whole else WelfareSide.WORKER
    entry = await service.add_message(session, sight.case, sight.principal.subject or "", side, body.text)
    return entry_out(entry, whole=sight.whole)


@router.post(
    "/welfare-cases/{case_id}/status",
    response_model=WelfareCaseOut,
    summary="Move a welfare case to its next status.",
    description="Officers and admins in person; an officer's first change of status is the case's "
    "first response. Referring names the target and a note (shown to the worker); resolving says "
    "whether the complaint was substantiated. Any other step: 409.\n\n" + workflow.steps_table(),
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def set_welfare_case_status(
    body: WelfareStatusIn, case: OfficerCase, session: SessionDep
) -> WelfareCaseOut:
    await service.step(session, case, body)
    return await officer_view(session, case)


@router.post(
    "/welfare-cases/{case_id}/employer-suspension",
    response_model=WelfareCaseOut,
    summary="Suspend the accused employer from a welfare case.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def record_employer_suspension(
    body: EmployerSuspensionIn, case: OfficerCase, officer: Officer, session: SessionDep
) -> WelfareCaseOut:
    """Officers and admins in person: the employer named by the case becomes `suspended` through
    the employers' own status change (its history cites the case) and the case records it. 409
    when the case names no employer, suspended it already, or the employer is not verified."""
    await service.suspend_employer(session, case, officer.subject or "", body.reason)
    return await officer_view(session, case)


@router.get(
    "/employers/{employer_id}/welfare-cases",
    response_model=Page[EmployerWelfareCaseOut],
    summary="The welfare cases against my employer.",
    responses=problem_responses(401, 403, 404),
    openapi_extra=audience(Role.EMPLOYER),
    tags=["employers"],
)
async def list_employer_welfare_cases(
    employer: MemberEmployer, session: SessionDep, page: PageParamsDep
) -> Page[EmployerWelfareCaseOut]:
    """The employer's members only (others: 403): the cases against it that the worker agreed to
    share with it, or that the ministry has closed (an open case is not shown, so that no employer
    can guess from it who complained): each case's category, country, status, opening date and
    whether it was substantiated, and the worker's name when the worker agreed — never the
    description, notes, messages or who reported it. Officers use `GET /welfare-cases`."""
    rows, total = await repository.against(session, employer.id, page)
    return Page(
        items=[employer_case_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.get(
    "/employers/{employer_id}/welfare-record",
    response_model=WelfareRecord,
    summary="The welfare cases against an employer, counted.",
    responses=problem_responses(401, 403, 404),
    tags=["employers"],
)
async def get_employer_welfare_record(employer: OfficerEmployer, session: SessionDep) -> WelfareRecord:
    """Officers and admins in person: cases by category and status, how many are open, how many
    were substantiated (they count against it) and how many suspended it."""
    return await service.welfare_record(session, employer.id)


@router.get(
    "/welfare-statistics",
    response_model=WelfareStatistics,
    summary="Welfare cases counted, with small cells suppressed.",
    responses=problem_responses(401, 403),
)
async def get_welfare_statistics(
    staff: StaffReader, session: SessionDep, settings: SettingsDep
) -> WelfareStatistics:
    """Officers, admins and machine clients with `jobs:read`: cases by category, country,
    employer (`none`: no employer named) and status; counts below `IMIS_JOBS_STATISTICS_MIN_CELL`
    (k, default 5), and any that would give them away, are suppressed; the median hours to a
    first response and to resolution (resolved or closed unresolved) are shown only when k cases
    or more are behind them."""
    return await statistics.welfare_statistics(session, settings.statistics_min_cell)
