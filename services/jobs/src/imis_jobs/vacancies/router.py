"""Vacancy endpoints: employers' job orders, published ones public."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from imis_jobs import API_PREFIX
from imis_jobs.access import EmployerUser, Officer, is_staff, require_staff
from imis_jobs.config import SettingsDep
from imis_jobs.employers import repository as employers
from imis_jobs.employers.dependencies import ReadableEmployer, require_member
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies import repository, service
from imis_jobs.vacancies.dependencies import (
    ApprovableVacancy,
    EditableVacancy,
    ReadableVacancy,
    require_status_right,
)
from imis_jobs.vacancies.models import ContractType, Vacancy, VacancyStatus
from imis_jobs.vacancies.repository import Sort
from imis_jobs.vacancies.schemas import (
    ApprovalDecision,
    VacancyCreate,
    VacancyOut,
    VacancyStatusChange,
    VacancyUpdate,
)
from imis_jobs.vacancies.views import vacancy_out
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, OptionalPrincipal, Role, audience, client_audience
from imis_shared.db import SessionDep
from imis_shared.errors import Unauthorized, ValidationFailed, body_error, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import ConceptId, CountryCode, IscoCode, LanguageCode

router = api_router(prefix=API_PREFIX, tags=["vacancies"])
ERRORS = problem_responses(401, 403, 404, 409)


async def _page(
    session: SessionDep,
    taxonomy: Taxonomy,
    rows: list[Vacancy],
    total: int,
    limit: int,
    offset: int,
    *,
    internal: bool,
) -> Page[VacancyOut]:
    owners = await repository.employers_by_id(session, {row.employer_id for row in rows})
    requirements = await repository.requirements_of(session, [row.id for row in rows])
    return Page(
        items=[
            vacancy_out(r, owners[r.employer_id], taxonomy, internal=internal, requirements=requirements)
            for r in rows
        ],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "/vacancies",
    response_model=VacancyOut,
    status_code=201,
    summary="Create a vacancy (draft).",
    responses=ERRORS,
)
async def create_vacancy(
    body: VacancyCreate, user: EmployerUser, session: SessionDep, taxonomy: TaxonomyDep, settings: SettingsDep
) -> VacancyOut:
    """`employer` users who are members of `employer_id`. Without `skills`, the occupation's ESCO
    essential skills become the requirements. Publishing is a separate step. Under the ministry's
    `employer_pays` policy a `worker_fee_amount` above 0 is a 422 `worker_fees_forbidden`."""
    employer = await employers.get(session, body.employer_id)
    if employer is None:
        raise ValidationFailed(
            "Unknown employer.", errors=[body_error("employer_id", "is not an employer", "unknown")]
        )
    await require_member(session, employer.id, user, "Only the employer's members can create its vacancies.")
    vacancy = await service.create(
        session, employer, body, taxonomy, user.subject or "", fees=settings.recruitment_fees
    )
    fresh = await repository.get(session, vacancy.id)
    assert fresh is not None
    return vacancy_out(fresh, employer, taxonomy, internal=True)


@router.get(
    "/vacancies",
    response_model=Page[VacancyOut],
    summary="Search published vacancies.",
    responses=problem_responses(401, 403),
    openapi_extra=audience(ANYONE),
)
async def list_vacancies(
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    principal: OptionalPrincipal,
    q: Annotated[str | None, Query(max_length=200, description="Words in the title or description.")] = None,
    occupation: Annotated[ConceptId | None, Query(description="ESCO occupation id.")] = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group, any level.")] = None,
    country: Annotated[CountryCode | None, Query(description="Destination country.")] = None,
    contract_type: ContractType | None = None,
    language: Annotated[LanguageCode | None, Query(description="A language the vacancy asks for.")] = None,
    programme: Annotated[uuid.UUID | None, Query(description="A bilateral programme.")] = None,
    status: Annotated[
        VacancyStatus | None,
        Query(
            description="Staff only for a status other than `published` (the default), of every employer: "
            "`pending_approval` lists the job orders awaiting an officer's approval."
        ),
    ] = None,
    sort: Sort = "-published_at",
) -> Page[VacancyOut]:
    """Public: anyone, without an account, sees published vacancies of employers in good standing
    (not suspended or rejected). Staff (officers, admins, machine clients with `jobs:read`) may ask
    for another `status`; anyone else doing so gets 401 or 403."""
    listed = status or VacancyStatus.PUBLISHED
    if listed != VacancyStatus.PUBLISHED:
        if not principal.is_authenticated:
            raise Unauthorized("Only ministry staff list vacancies that are not published.")
        require_staff(principal, "Only ministry staff list vacancies that are not published.")
    rows, total = await repository.search(
        session,
        page,
        statuses=(listed,),
        filters=repository.VacancyFilters(
            q=q,
            occupation_id=occupation,
            isco=isco,
            country=country,
            contract_type=contract_type,
            language=language,
            programme_id=programme,
        ),
        sort=sort,
        open_employers_only=listed == VacancyStatus.PUBLISHED,
    )
    return await _page(session, taxonomy, rows, total, page.limit, page.offset, internal=is_staff(principal))


@router.get(
    "/vacancies/{vacancy_id}",
    response_model=VacancyOut,
    summary="One vacancy.",
    responses=ERRORS,
    openapi_extra=audience(ANYONE),
)
async def get_vacancy(context: ReadableVacancy, taxonomy: TaxonomyDep) -> VacancyOut:
    """Public once published while the employer is in good standing; drafts, job orders pending
    approval, and the vacancies of a suspended or rejected employer, only for the employer's members
    and staff (404 to others), who also see the officer's `approval_note`."""
    return vacancy_out(context.vacancy, context.employer, taxonomy, internal=context.sees_internals)


@router.patch(
    "/vacancies/{vacancy_id}",
    response_model=VacancyOut,
    summary="Change a vacancy.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def update_vacancy(
    body: VacancyUpdate,
    context: EditableVacancy,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> VacancyOut:
    """The employer's members and officers, while the vacancy is a draft or published (not while it
    awaits approval). Under the `employer_pays` policy a vacancy that would still charge the worker
    a fee is a 422 `worker_fees_forbidden` naming `worker_fee_amount`."""
    vacancy = await service.update(session, context.vacancy, body, taxonomy, fees=settings.recruitment_fees)
    fresh = await repository.get(session, vacancy.id)
    assert fresh is not None
    return vacancy_out(fresh, context.employer, taxonomy, internal=True)


@router.post(
    "/vacancies/{vacancy_id}/status",
    response_model=VacancyOut,
    summary="Publish, close or mark filled.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def set_vacancy_status(
    body: VacancyStatusChange,
    context: EditableVacancy,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> VacancyOut:
    """The employer's members: draft → published (verified employers only, before the deadline, and
    under the `employer_pays` policy charging no worker fee: 409 `worker_fees_forbidden`), or
    draft → pending_approval when the ministry approves job orders first (`IMIS_JOBS_JOB_ORDER_APPROVAL`);
    pending_approval → draft (withdrawn); published → closed | filled. Officers may close a published
    vacancy. Other changes are 409."""
    target = VacancyStatus(body.status)
    require_status_right(context, target)
    vacancy = await service.change_status(
        context.vacancy,
        context.employer,
        target,
        session,
        fees=settings.recruitment_fees,
        approval=settings.job_order_approval,
    )
    return vacancy_out(vacancy, context.employer, taxonomy, internal=True)


@router.post(
    "/vacancies/{vacancy_id}/approval",
    response_model=VacancyOut,
    summary="Approve or refuse a job order pending approval.",
    responses=ERRORS,
    openapi_extra=audience(Role.OFFICER, Role.ADMIN),
)
async def record_vacancy_approval(
    body: ApprovalDecision,
    context: ApprovableVacancy,
    officer: Officer,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> VacancyOut:
    """Officers and admins in person, on a vacancy `pending_approval` (else 409). `approved` publishes
    it, after the publishing checks again (verified employer, licence valid, deadline ahead, no worker
    fee under `employer_pays`; a failure is 409 saying which); `refused` returns it to draft with the
    `note`, which its employer's members see until they ask to publish it again."""
    vacancy = await service.decide_approval(
        context.vacancy,
        context.employer,
        body,
        officer.subject or "",
        session,
        fees=settings.recruitment_fees,
    )
    return vacancy_out(vacancy, context.employer, taxonomy, internal=True)


@router.get(
    "/employers/{employer_id}/vacancies",
    response_model=Page[VacancyOut],
    summary="All vacancies of an employer, drafts included.",
    responses=ERRORS,
    tags=["employers"],
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:read"])),
)
async def list_employer_vacancies(
    employer: ReadableEmployer,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    status: VacancyStatus | None = None,
) -> Page[VacancyOut]:
    """The employer's members; officers, admins, machine clients with `jobs:read`."""
    statuses = (status,) if status else tuple(VacancyStatus)
    rows, total = await repository.search(
        session, page, statuses=statuses, employer_id=employer.id, sort="title"
    )
    return await _page(session, taxonomy, rows, total, page.limit, page.offset, internal=True)
