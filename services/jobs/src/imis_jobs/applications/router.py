"""Application endpoints: apply, invite, follow and move a placement along its timeline."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import Query

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser
from imis_jobs.applications import repository, service, workflow
from imis_jobs.applications.dependencies import Case, CaseDep, acting_part, cases, listing_parties
from imis_jobs.applications.models import ApplicationStatus
from imis_jobs.applications.schemas import (
    ApplicationOut,
    ApplyIn,
    InviteIn,
    OverdueReturnOut,
    TransitionIn,
)
from imis_jobs.applications.views import application_out, overdue_return_out
from imis_jobs.config import SettingsDep
from imis_jobs.employers.dependencies import require_member
from imis_jobs.programmes.dependencies import ProgrammeDep
from imis_jobs.seekers import repository as seekers
from imis_jobs.vacancies import repository as vacancies
from imis_jobs.vacancies.models import Vacancy
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["applications"])
ERRORS = problem_responses(401, 403, 404, 409)


async def outputs(session: SessionDep, found: Sequence[Case]) -> list[ApplicationOut]:
    """Cases as their caller sees them, the timelines read in one query."""
    events = await repository.timelines(session, [case.application.id for case in found])
    return [application_out(case, events[case.application.id]) for case in found]


async def _vacancy(session: SessionDep, vacancy_id: uuid.UUID) -> Vacancy:
    vacancy = await vacancies.get(session, vacancy_id)
    if vacancy is None:
        raise NotFound("No such vacancy.")
    return vacancy


@router.post(
    "/vacancies/{vacancy_id}/applications",
    response_model=ApplicationOut,
    status_code=201,
    summary="Apply to a vacancy.",
    responses=ERRORS,
)
async def apply_to_vacancy(
    vacancy_id: uuid.UUID, body: ApplyIn, user: SeekerUser, session: SessionDep
) -> ApplicationOut:
    """`job_seeker` users with a profile; published vacancies before their deadline; one application
    per vacancy, and another only once the worker has returned from the first (409 otherwise)."""
    vacancy = await _vacancy(session, vacancy_id)
    seeker = await seekers.by_user(session, user.subject or "")
    if seeker is None:
        raise NotFound("Create your profile before applying.")
    application = await service.apply(session, vacancy, seeker, body.note)
    return (await outputs(session, await cases(session, user, [application])))[0]


@router.post(
    "/vacancies/{vacancy_id}/invitations",
    response_model=ApplicationOut,
    status_code=201,
    summary="Invite a seeker to apply.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER),
)
async def invite_seeker_to_vacancy(
    vacancy_id: uuid.UUID, body: InviteIn, principal: CurrentPrincipal, session: SessionDep
) -> ApplicationOut:
    """Members of the vacancy's employer; only seekers who consented to be found. The seeker
    accepts (→ submitted) or declines."""
    vacancy = await _vacancy(session, vacancy_id)
    await require_member(session, vacancy.employer_id, principal, "Only the vacancy's employer can invite.")
    seeker = await seekers.by_id(session, body.seeker_id)
    if seeker is None:
        raise NotFound("No such job seeker.")
    application = await service.invite(session, vacancy, seeker, principal.subject or "", body.note)
    return (await outputs(session, await cases(session, principal, [application])))[0]


@router.get(
    "/applications",
    response_model=Page[ApplicationOut],
    summary="Applications the caller may see.",
    responses=ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def list_applications(
    principal: CurrentPrincipal,
    session: SessionDep,
    page: PageParamsDep,
    vacancy_id: uuid.UUID | None = None,
    programme_id: Annotated[
        uuid.UUID | None, Query(description="Applications to the vacancies of this programme.")
    ] = None,
    status: ApplicationStatus | None = None,
) -> Page[ApplicationOut]:
    """Seekers see their own; employers' members the applications to their vacancies; officers
    and admins in person all. The filters combine."""
    seeker_user, employer_member = listing_parties(principal)
    rows, total = await repository.search(
        session,
        page,
        seeker_user=seeker_user,
        employer_member=employer_member,
        vacancy_id=vacancy_id,
        programme_id=programme_id,
        status=status,
    )
    return Page(
        items=await outputs(session, await cases(session, principal, rows)),
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="One application with its timeline.",
    responses=ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def get_application(case: CaseDep, session: SessionDep) -> ApplicationOut:
    """The seeker, the vacancy's employer members, and staff."""
    return (await outputs(session, [case]))[0]


TRANSITIONS = f"""The seeker accepts or declines an invitation, accepts an offer or withdraws; the
employer shortlists, interviews, offers or rejects; ministry officers shortlist, interview and reject
too, and record contract, visa, departure and return. Abroad, the worker (or an officer) records the
arrival, the employer (or an officer) the employment and its early termination. Any other step is 409
naming the steps the caller may take; machine clients take none (403). (A worker records their own
return with `POST /returns`, which takes the step to `returned` for them.)

A rejection needs a `note` saying why. A step out of `interview` (to `offered` or `rejected`) may give
`interview_result`; the step to `returned` may give `returned_as_agreed`. Either field on another step
is 422 naming it. The steps abroad carry their own fields, required on their step and 422 on any
other: `arrived` its `arrived_on` (today or earlier, not before the departure); `employed` its
`started_on` (today or earlier, not before the arrival) and `contract_ends_on` (after `started_on`);
`terminated` its `termination_reason` and a `note`.

The departure needs a valid pre-departure orientation certificate for a course to the vacancy's
country when the vacancy's programme requires one (`orientation_required`), or, when it says nothing or
the vacancy is in no programme, when the ministry's default does: 409 `orientation_required` otherwise.

Who may take each step (`officer`: officers and admins in person):

{workflow.steps_table()}
"""


@router.post(
    "/applications/{application_id}/transitions",
    response_model=ApplicationOut,
    summary="Move an application to its next state.",
    description=TRANSITIONS,
    responses=ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def set_application_status(
    body: TransitionIn, case: CaseDep, session: SessionDep, settings: SettingsDep
) -> ApplicationOut:
    actor = acting_part(case, body.to)
    subject = case.principal.subject or ""
    await service.step(session, case.application, case.vacancy, body, actor, subject, settings=settings)
    return (await outputs(session, [case]))[0]


@router.get(
    "/programmes/{programme_id}/overdue-returns",
    response_model=Page[OverdueReturnOut],
    summary="Workers of a programme overdue for return.",
    responses=ERRORS,
    tags=["programmes"],
)
async def list_overdue_returns(
    officer: Officer, programme: ProgrammeDep, session: SessionDep, page: PageParamsDep
) -> Page[OverdueReturnOut]:
    """Officers and admins in person (people's names: no machine client). Applications that departed
    under the programme's return obligation, past their `return_due_on` and not yet `returned`, the
    longest overdue first."""
    today = utcnow().date()
    rows, total = await repository.overdue_returns(session, programme.id, today, page)
    return Page(
        items=[overdue_return_out(row, today) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
