"""Return and reintegration endpoints: workers and officers record returns; officers plan the
reintegration (referrals, follow-ups) and count returns; officers and verified employers search the
returnee pool of those who consented."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Annotated

from fastapi import Path, Query

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser, is_officer
from imis_jobs.config import JobsSettings, SettingsDep
from imis_jobs.employers.dependencies import require_verified_member
from imis_jobs.reintegration import repository, service
from imis_jobs.reintegration.dependencies import OfficerReturn, OwnReturn, ReturnInSight
from imis_jobs.reintegration.models import FollowUpMonth, ReturnReason, WorkerReturn
from imis_jobs.reintegration.schemas import (
    DueFollowUpOut,
    FollowUpIn,
    FollowUpOut,
    PoolConsentIn,
    ReferralIn,
    ReferralOut,
    ReferralStatusIn,
    ReturneeOut,
    ReturnIn,
    ReturnOut,
    ReturnStatistics,
)
from imis_jobs.reintegration.views import due_out, follow_up_out, referral_out, return_out, returnee_out
from imis_jobs.seekers import service as seeker_service
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import WHOLE_NUMBER, ConceptId, CountryCode

router = api_router(prefix=API_PREFIX, tags=["reintegration"])
ERRORS = problem_responses(401, 403, 404)
WRITE_ERRORS = problem_responses(401, 403, 404, 409, 422)


async def outputs(
    session: SessionDep,
    returns: Sequence[WorkerReturn],
    taxonomy: Taxonomy,
    settings: JobsSettings,
    *,
    own: bool,
) -> list[ReturnOut]:
    """Returns with their plans, read in a fixed number of queries; the worker's own view carries the
    diaspora registry's invitation."""
    details = await repository.details(session, returns)
    url = settings.diaspora_invitation_url if own else None
    today = utcnow().date()
    return [return_out(r, details, taxonomy, today, url) for r in returns]


@router.post(
    "/returns",
    response_model=ReturnOut,
    status_code=201,
    summary="Record a return home.",
    responses=WRITE_ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN),
)
async def record_return(
    body: ReturnIn,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> ReturnOut:
    """A `job_seeker` user records their own return (without `seeker_id`; 404 without a profile);
    officers and admins in person record one for the seeker `seeker_id` (required from them), without
    the worker's pool consent. With `application_id` (a placement of the seeker that departed) the
    application takes the step to `returned` now, the caller as actor, unless it has taken it; 409 for
    a placement that has not departed or whose return is recorded already. Creates the follow-ups due
    3, 6 and 12 months after `returned_on`."""
    worker_return = await service.record(session, principal, body, taxonomy)
    own = not is_officer(principal)
    return (await outputs(session, [worker_return], taxonomy, settings, own=own))[0]


@router.get("/returns", response_model=Page[ReturnOut], summary="Returns recorded.", responses=ERRORS)
async def list_returns(
    officer: Officer,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    page: PageParamsDep,
    seeker_id: uuid.UUID | None = None,
    reason: ReturnReason | None = None,
    returned_from: Annotated[CountryCode | None, Query(description="The country returned from.")] = None,
) -> Page[ReturnOut]:
    """Officers and admins in person: every return with its plan, the latest first; the filters
    combine."""
    rows, total = await repository.search(
        session, page, seeker_id=seeker_id, reason=reason, returned_from=returned_from
    )
    items = await outputs(session, rows, taxonomy, settings, own=False)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/seekers/me/returns", response_model=Page[ReturnOut], summary="My returns.", responses=ERRORS)
async def list_my_returns(
    user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep, settings: SettingsDep, page: PageParamsDep
) -> Page[ReturnOut]:
    """`job_seeker` users: their returns with their reintegration plans and the invitation to the
    diaspora registry, the latest first."""
    seeker = await seeker_service.own(session, user.subject or "")
    rows, total = await repository.search(session, page, seeker_id=seeker.id)
    items = await outputs(session, rows, taxonomy, settings, own=True)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/returns/{return_id}",
    response_model=ReturnOut,
    summary="One return with its reintegration plan.",
    responses=ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN),
)
async def get_return(
    sight: ReturnInSight, session: SessionDep, taxonomy: TaxonomyDep, settings: SettingsDep
) -> ReturnOut:
    """The worker (their own; another's is 404), officers and admins in person."""
    return (await outputs(session, [sight.worker_return], taxonomy, settings, own=sight.own))[0]


@router.patch(
    "/seekers/me/returns/{return_id}",
    response_model=ReturnOut,
    summary="Join or leave the returnee pool.",
    responses=problem_responses(401, 403, 404, 422),
)
async def update_my_return(
    body: PoolConsentIn,
    worker_return: OwnReturn,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> ReturnOut:
    """`job_seeker` users, for their own return (another's is 404): whether they appear in the returnee
    pool. Only the worker gives or withdraws this consent."""
    await service.set_pool_consent(session, worker_return, body.joins_returnee_pool)
    return (await outputs(session, [worker_return], taxonomy, settings, own=True))[0]


@router.post(
    "/returns/{return_id}/referrals",
    response_model=ReferralOut,
    status_code=201,
    summary="Refer a returned worker to a service.",
    responses=problem_responses(401, 403, 404, 422),
)
async def create_referral(
    body: ReferralIn, worker_return: OfficerReturn, officer: Officer, session: SessionDep
) -> ReferralOut:
    """Officers and admins in person: a service for one of the worker's needs, with its provider and
    the day referred (today or earlier)."""
    referral = await service.add_referral(session, worker_return, body, officer.subject or "")
    return referral_out(referral)


@router.post(
    "/returns/{return_id}/referrals/{referral_id}/status",
    response_model=ReferralOut,
    summary="Change a referral's status.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def set_referral_status(
    referral_id: uuid.UUID,
    body: ReferralStatusIn,
    worker_return: OfficerReturn,
    officer: Officer,
    session: SessionDep,
) -> ReferralOut:
    """Officers and admins in person: `referred` → `in_progress` → `completed` or `declined` (or
    straight from `referred`); a completed or declined referral is final (409)."""
    referral = await repository.referral(session, worker_return.id, referral_id)
    if referral is None:
        raise NotFound("No such referral of this return.")
    await service.set_referral_status(session, referral, body, officer.subject or "")
    return referral_out(referral)


@router.post(
    "/returns/{return_id}/follow-ups/{month}",
    response_model=FollowUpOut,
    summary="Record a follow-up of a returned worker.",
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def record_follow_up(
    month: Annotated[FollowUpMonth, Path(description="Months after the return: 3, 6 or 12.")],
    body: FollowUpIn,
    worker_return: OfficerReturn,
    officer: Officer,
    session: SessionDep,
) -> FollowUpOut:
    """Officers and admins in person: the worker's situation at the follow-up, once (409 when recorded
    already); it may be recorded before its due date."""
    follow_up = await service.record_follow_up(session, worker_return, month, body, officer.subject or "")
    return follow_up_out(follow_up, utcnow().date())


@router.get(
    "/follow-ups",
    response_model=Page[DueFollowUpOut],
    summary="Follow-ups of returned workers due or overdue.",
    responses=problem_responses(401, 403, 422),
)
async def list_follow_ups(
    officer: Officer,
    session: SessionDep,
    page: PageParamsDep,
    due_within_days: Annotated[
        int, Query(ge=0, le=366, description="Also those due within this many days from today."), WHOLE_NUMBER
    ] = 0,
) -> Page[DueFollowUpOut]:
    """Officers and admins in person: the follow-ups not recorded and due by today (or within
    `due_within_days`), the longest overdue first."""
    today = utcnow().date()
    until = today + timedelta(days=due_within_days)
    rows, total = await repository.due_follow_ups(session, until, page)
    return Page(items=[due_out(r, today) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/returnees",
    response_model=Page[ReturneeOut],
    summary="The returnee pool.",
    responses=problem_responses(401, 403, 422),
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def list_returnees(
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    skill_id: Annotated[ConceptId | None, Query(description="An ESCO skill gained abroad.")] = None,
    occupation_id: Annotated[ConceptId | None, Query(description="The ESCO occupation abroad.")] = None,
    returned_from: Annotated[CountryCode | None, Query(description="The country returned from.")] = None,
) -> Page[ReturneeOut]:
    """Officers and admins in person, and members of a verified employer (others 403): the returns of
    workers who consented to the pool, the latest first, with the skills gained and whether they kept
    the placement's return obligation; never contact details or birth dates. The filters combine."""
    if not is_officer(principal):
        await require_verified_member(
            session, principal, "Only ministry officers and verified employers search the returnee pool."
        )
    rows, total = await repository.pool(
        session, page, skill_id=skill_id, occupation_id=occupation_id, returned_from=returned_from
    )
    skills = await repository.skills_of(session, [row.return_id for row in rows])
    items = [returnee_out(row, skills.get(row.return_id, []), taxonomy) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/return-statistics",
    response_model=ReturnStatistics,
    summary="Returns by reason and country, and reintegration outcomes.",
    responses=problem_responses(401, 403),
)
async def get_return_statistics(
    officer: Officer, session: SessionDep, settings: SettingsDep
) -> ReturnStatistics:
    """Officers and admins in person. Counts below `IMIS_JOBS_STATISTICS_MIN_CELL` (k, default 5) are
    suppressed, and so are as many others as it takes for none to be worked out from the total. The
    outcomes count each return once, by its latest recorded follow-up."""
    return await service.statistics(session, settings.statistics_min_cell)
