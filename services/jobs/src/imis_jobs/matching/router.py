"""Matching endpoints: ranked seekers for a vacancy, ranked vacancies for a seeker."""

from __future__ import annotations

import uuid

from imis_jobs import API_PREFIX
from imis_jobs.access import SeekerUser, is_officer, reads_consenting_seekers
from imis_jobs.employers.dependencies import require_member
from imis_jobs.matching import service
from imis_jobs.matching.schemas import SeekerMatch, VacancyMatch
from imis_jobs.matching.views import seeker_match, vacancy_match
from imis_jobs.seekers import repository as seekers
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.vacancies import repository as vacancies
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience, client_audience
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["matching"])
ERRORS = problem_responses(401, 403, 404)


@router.get(
    "/vacancies/{vacancy_id}/matches",
    response_model=Page[SeekerMatch],
    summary="Job seekers ranked for a vacancy.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:seekers:read"])),
)
async def list_vacancy_matches(
    vacancy_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Page[SeekerMatch]:
    """The owning employer's members (not while it is suspended or rejected), officers, admins and
    machine clients with `jobs:seekers:read`. Only seekers who consented to be found; those lacking a
    required language are excluded."""
    vacancy = await vacancies.get(session, vacancy_id)
    if vacancy is None:
        raise NotFound("No such vacancy.")
    if not (is_officer(principal) or reads_consenting_seekers(principal)):
        await require_member(
            session,
            vacancy.employer_id,
            principal,
            "Only the vacancy's employer and ministry staff see its matches.",
            in_good_standing=True,
        )
    ranked, total = await service.seekers_for_vacancy(session, vacancy, taxonomy, page.limit, page.offset)
    items = [seeker_match(seeker, held, match, taxonomy) for seeker, held, match in ranked]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


async def _vacancy_matches(
    session: SessionDep,
    taxonomy: TaxonomyDep,
    seeker_id: uuid.UUID | None,
    user_id: str | None,
    page: PageParamsDep,
) -> Page[VacancyMatch]:
    seeker = await (
        seekers.by_id(session, seeker_id) if seeker_id else seekers.by_user(session, user_id or "")
    )
    if seeker is None:
        raise NotFound("No such job seeker profile.")
    ranked, total = await service.vacancies_for_seeker(session, seeker, taxonomy, page.limit, page.offset)
    owners = await vacancies.employers_by_id(session, {v.employer_id for v, _m in ranked})
    items = [
        vacancy_match(vacancy, owners[vacancy.employer_id], match, taxonomy) for vacancy, match in ranked
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/seekers/me/matches",
    response_model=Page[VacancyMatch],
    summary="Open vacancies ranked for me.",
    responses=ERRORS,
)
async def list_my_matches(
    user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep, page: PageParamsDep
) -> Page[VacancyMatch]:
    """`job_seeker` users with a profile: published vacancies before their deadline."""
    return await _vacancy_matches(session, taxonomy, None, user.subject, page)


@router.get(
    "/seekers/{seeker_id}/matches",
    response_model=Page[VacancyMatch],
    summary="Open vacancies ranked for a seeker.",
    responses=ERRORS,
    openapi_extra=audience(Role.OFFICER, Role.ADMIN, client_audience(["jobs:seekers:read"])),
)
async def list_seeker_matches(
    seeker_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Page[VacancyMatch]:
    """Officers and admins; machine clients with `jobs:seekers:read`, for a seeker who consented to
    be found (404 otherwise)."""
    if not is_officer(principal):
        if not reads_consenting_seekers(principal):
            raise Forbidden("Only ministry officers see a job seeker's matches.")
        seeker = await seekers.by_id(session, seeker_id)
        if seeker is None or not seeker.discoverable:
            raise NotFound("No such job seeker profile.")
    return await _vacancy_matches(session, taxonomy, seeker_id, None, page)
