"""A placement's employment abroad: its record, and the changes recorded while `employed`.

Read by whoever reads the application (``CaseDep``: the worker, the vacancy's employer members,
officers); the steps abroad themselves go through the transitions route.
"""

from __future__ import annotations

from imis_jobs import API_PREFIX
from imis_jobs.applications import employment, repository
from imis_jobs.applications.dependencies import Case, CaseDep
from imis_jobs.applications.schemas import EmploymentChangeIn, EmploymentOut
from imis_jobs.employers import repository as employers
from imis_shared.app import api_router
from imis_shared.auth import Role, audience
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["applications"])
PEOPLE = audience(Role.JOB_SEEKER, Role.EMPLOYER, Role.OFFICER, Role.ADMIN)


async def _employment(session: SessionDep, case: Case) -> EmploymentOut:
    events = (await repository.timelines(session, [case.application.id]))[case.application.id]
    employer = await employers.get(session, case.vacancy.employer_id)
    name = employer.name if employer is not None else ""
    return employment.employment_of(case.application, events, case.vacancy.employer_id, name)


@router.get(
    "/applications/{application_id}/employment",
    response_model=EmploymentOut,
    summary="A placement's employment abroad.",
    responses=problem_responses(401, 403, 404),
    openapi_extra=PEOPLE,
)
async def get_employment(case: CaseDep, session: SessionDep) -> EmploymentOut:
    """Whoever may read the application: the worker, members of the vacancy's employer, officers and
    admins in person. Arrival, the employment's start, the current contract end (after extensions and
    changes of employer), the changes of employer, an early termination and the return, as the
    timeline records them; null until recorded."""
    return await _employment(session, case)


@router.post(
    "/applications/{application_id}/employment-changes",
    response_model=EmploymentOut,
    status_code=201,
    summary="Record a contract extension or a change of employer abroad.",
    responses=problem_responses(401, 403, 404, 409, 422),
    openapi_extra=PEOPLE,
)
async def record_employment_change(
    body: EmploymentChangeIn, case: CaseDep, session: SessionDep
) -> EmploymentOut:
    """While the application is `employed` (409 otherwise); recorded on its timeline with the caller
    and the time, the status staying `employed`.

    - `contract_extended`: the vacancy's employer (while the worker still works for it) or an officer;
      `contract_ends_on` after the current end (422 naming it).
    - `employer_changed`: an officer, or the worker reporting it; the new employer's `employer_name`, or
      the `employer_id` of one registered in IMIS (422 when there is none such), `started_on` (today or
      earlier, not before the employment started), the `reason`, and optionally the new contract's end.

    Another caller who may read the application is refused (403)."""
    await employment.record_change(
        session, case.application, case.vacancy, body, case.actors, case.principal.subject or ""
    )
    return await _employment(session, case)
