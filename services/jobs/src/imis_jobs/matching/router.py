"""Matching endpoints: ranked seekers for a vacancy, ranked vacancies for a seeker."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Query

from imis_jobs import API_PREFIX
from imis_jobs.access import SeekerUser, is_officer, reads_consenting_seekers
from imis_jobs.config import SettingsDep
from imis_jobs.employers.dependencies import require_member, require_verified_member
from imis_jobs.matching import service
from imis_jobs.matching.dependencies import language_filters
from imis_jobs.matching.schemas import SeekerMatch, VacancyMatch
from imis_jobs.matching.scoring import Match, SeekerOffers, VacancyNeeds
from imis_jobs.matching.views import seeker_match, vacancy_match
from imis_jobs.programmes import repository as programmes
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.vacancies import repository as vacancies
from imis_jobs.verifications import repository as verification_queries
from imis_jobs.verifications import service as verifications
from imis_jobs.verifications.service import required_kinds
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience, client_audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import Forbidden, NotFound, ValidationFailed, problem_responses, query_error
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import WHOLE_NUMBER, ConceptId, CountryCode

router = api_router(prefix=API_PREFIX, tags=["matching"])
ERRORS = problem_responses(401, 403, 404)


Citizenships = Annotated[
    list[CountryCode] | None,
    Query(max_length=50, description="Only candidates of these citizenships; repeat for several."),
]
MinScore = Annotated[
    float | None, Query(ge=0, le=1, description="Only candidates scoring this or more; `total` counts them.")
]


async def _page(
    session: SessionDep,
    taxonomy: TaxonomyDep,
    ranked: list[tuple[JobSeeker, SeekerOffers, Match]],
    needs: VacancyNeeds,
    languages: Sequence[tuple[str, str]] = (),
) -> list[SeekerMatch]:
    """The ranked candidates shown, each with the requirements they meet verified or declared."""
    verified = await verifications.verified_for(session, [seeker.id for seeker, _held, _match in ranked])
    labels = service.skill_labels(taxonomy, needs)
    return [
        seeker_match(
            seeker,
            held,
            match,
            taxonomy,
            service.verified_or_declared(needs, held, verified[seeker.id], labels, languages),
        )
        for seeker, held, match in ranked
    ]


@router.get(
    "/vacancies/{vacancy_id}/matches",
    response_model=Page[SeekerMatch],
    summary="Job seekers ranked for a vacancy.",
    responses=problem_responses(401, 403, 404, 422),
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN, client_audience(["jobs:seekers:read"])),
)
async def list_vacancy_matches(
    vacancy_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    page: PageParamsDep,
    languages: Annotated[tuple[tuple[str, str], ...], Depends(language_filters)],
    min_score: MinScore = None,
    citizenship: Citizenships = None,
    prescreened: Annotated[
        bool,
        Query(
            description="Only candidates pre-screened for the vacancy's programme (or by the ministry's "
            "default checks): `GET /seekers/{seeker_id}/prescreening` says what that takes."
        ),
    ] = False,
) -> Page[SeekerMatch]:
    """The owning employer's members (not while it is suspended or rejected), officers, admins and
    machine clients with `jobs:seekers:read`. Only seekers who consented to be found; those lacking a
    required language are excluded (at a level a ministry test verified, when the vacancy or its
    programme says `verified_languages_required`), and those the filters leave out (a language
    `language` names is held as declared). Each candidate's `verified` lists the requirements met that a valid
    ministry check confirms; `declared_only` those resting on the seeker's word."""
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
    programme = await programmes.get(session, vacancy.programme_id) if vacancy.programme_id else None
    kinds = required_kinds(programme, settings.prescreening_requires) if prescreened else []
    verified = vacancy.verified_languages_required or (programme and programme.verified_languages_required)
    spoken = [(x.language, x.min_level) for x in vacancy.languages if x.required] if verified else []
    filters = service.Filters(
        min_score=min_score,
        languages=languages,
        citizenships=frozenset(citizenship) if citizenship else None,
        within=verification_queries.pool(kinds, spoken, utcnow().date()) if kinds or spoken else None,
    )
    needs = service.needs_of(vacancy, taxonomy)
    ranked, total = await service.rank_seekers(
        session, needs, programme, taxonomy, page.limit, page.offset, filters
    )
    items = await _page(session, taxonomy, ranked, needs)
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/candidates",
    response_model=Page[SeekerMatch],
    summary="Search the pre-screened pool.",
    responses=problem_responses(401, 403, 422),
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def search_prescreened_pool(
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    page: PageParamsDep,
    occupation_id: Annotated[ConceptId, Query(description="The ESCO occupation sought.")],
    languages: Annotated[tuple[tuple[str, str], ...], Depends(language_filters)],
    skill_id: Annotated[
        list[ConceptId] | None, Query(max_length=20, description="ESCO skills sought; repeat for several.")
    ] = None,
    min_experience_years: Annotated[int, Query(ge=0, le=60), WHOLE_NUMBER] = 0,
    education_level: Annotated[
        int | None, Query(ge=0, le=8, description="Lowest ISCED 2011 level sought."), WHOLE_NUMBER
    ] = None,
    citizenship: Citizenships = None,
    programme_id: Annotated[
        uuid.UUID | None,
        Query(description="Only candidates eligible for the programme and pre-screened by its checks."),
    ] = None,
    destination_country: Annotated[
        CountryCode | None,
        Query(description="Where the work is: ranks candidates who prefer it (default: the programme's)."),
    ] = None,
    min_score: MinScore = None,
) -> Page[SeekerMatch]:
    """Members of a verified employer and officers in person: job seekers who consented to be found
    and are pre-screened (they hold, passed and valid, the checks the programme or else the
    ministry's default requires), ranked and explained with the scoring of vacancy matches. A
    language `language` names must be verified by a language test at that level in all four
    skills. No contact details and no birth date: those come when the seeker answers an
    invitation. Unknown occupations, skills and programmes are 422 naming the parameter."""
    if not is_officer(principal):
        refusal = "Only ministry officers and verified employers search the pre-screened pool."
        await require_verified_member(session, principal, refusal)
    errors = []
    if occupation_id not in taxonomy.occupations:
        errors.append(query_error("occupation_id", "is not an ESCO occupation", "unknown_occupation"))
    if any(skill not in taxonomy.skills for skill in skill_id or []):
        errors.append(query_error("skill_id", "is not an ESCO skill", "unknown_skill"))
    if errors:
        raise ValidationFailed("The search is not valid.", errors=errors)
    programme = await verifications.programme_or_none(session, programme_id)
    pool = verification_queries.pool(
        required_kinds(programme, settings.prescreening_requires), languages, utcnow().date()
    )

    needs = VacancyNeeds(
        occupation_id=occupation_id,
        isco_code=taxonomy.occupations[occupation_id].isco_code,
        essential_skills=frozenset(skill_id or ()),
        optional_skills=frozenset(),
        languages=(),
        min_education_level=education_level,
        min_experience_years=min_experience_years,
        country=destination_country or (programme.destination_country if programme else ""),
    )
    filters = service.Filters(
        min_score=min_score, citizenships=frozenset(citizenship) if citizenship else None, within=pool
    )
    ranked, total = await service.rank_seekers(
        session, needs, programme, taxonomy, page.limit, page.offset, filters
    )
    items = await _page(session, taxonomy, ranked, needs, languages)
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
