"""Matching endpoints: ranked seekers for a vacancy, ranked vacancies for a seeker."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends
from pydantic import BaseModel, Field

from imis_jobs import API_PREFIX
from imis_jobs.employers import repository as employers
from imis_jobs.employers.dependencies import READ_SCOPE, is_staff
from imis_jobs.matching import service
from imis_jobs.matching.scoring import Match
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.router import SeekerUser, profile_fields
from imis_jobs.seekers.schemas import SeekerProfile
from imis_jobs.taxonomy.router import TaxonomyDep
from imis_jobs.vacancies import repository as vacancies
from imis_jobs.vacancies.router import vacancy_out
from imis_jobs.vacancies.schemas import VacancyOut
from imis_shared.app import api_router
from imis_shared.auth import STAFF_ROLES, CurrentPrincipal, Principal, require_roles_or_scopes
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["matching"])
ERRORS = problem_responses(401, 403, 404)
StaffReader = Annotated[Principal, Depends(require_roles_or_scopes(STAFF_ROLES, [READ_SCOPE]))]


class Breakdown(BaseModel):
    score: float = Field(ge=0, le=1, description="Weighted total; see docs/matching.md for the weights.")
    components: dict[str, float] = Field(
        description="occupation, skills, languages, education, experience, destination."
    )
    unmet: list[str] = Field(description='What the candidate lacks, e.g. "missing essential skill: …".')


class SeekerMatch(Breakdown):
    seeker: SeekerProfile


class VacancyMatch(Breakdown):
    vacancy: VacancyOut


def _breakdown(match: Match) -> dict[str, Any]:
    return {"score": match.score, "components": match.components, "unmet": match.unmet}


@router.get(
    "/vacancies/{vacancy_id}/matches",
    response_model=Page[SeekerMatch],
    summary="Job seekers ranked for a vacancy.",
    responses=ERRORS,
)
async def match_seekers(
    vacancy_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
) -> Page[SeekerMatch]:
    """The owning employer's members, officers, admins and machine clients with `jobs:read`.
    Only seekers who consented to be found; those lacking a required language are excluded."""
    vacancy = await vacancies.get(session, vacancy_id)
    if vacancy is None:
        raise NotFound("No such vacancy.")
    if (
        not is_staff(principal)
        and await employers.membership(session, vacancy.employer_id, principal.subject or "") is None
    ):
        raise Forbidden("Only the vacancy's employer and ministry staff see its matches.")
    ranked, total = await service.seekers_for_vacancy(session, vacancy, taxonomy, page.limit, page.offset)
    items = [
        SeekerMatch(seeker=SeekerProfile(**profile_fields(s, taxonomy, held)), **_breakdown(m))
        for s, held, m in ranked
    ]
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
        VacancyMatch(vacancy=vacancy_out(v, owners[v.employer_id], taxonomy), **_breakdown(m))
        for v, m in ranked
    ]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/seekers/me/matches",
    response_model=Page[VacancyMatch],
    summary="Open vacancies ranked for me.",
    responses=ERRORS,
)
async def my_matches(
    user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep, page: PageParamsDep
) -> Page[VacancyMatch]:
    """`job_seeker` users with a profile: published vacancies before their deadline."""
    return await _vacancy_matches(session, taxonomy, None, user.subject, page)


@router.get(
    "/seekers/{seeker_id}/matches",
    response_model=Page[VacancyMatch],
    summary="Open vacancies ranked for a seeker.",
    responses=ERRORS,
)
async def seeker_matches(
    seeker_id: uuid.UUID, staff: StaffReader, session: SessionDep, taxonomy: TaxonomyDep, page: PageParamsDep
) -> Page[VacancyMatch]:
    """Officers, admins and machine clients with `jobs:read`."""
    return await _vacancy_matches(session, taxonomy, seeker_id, None, page)
