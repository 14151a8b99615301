"""Job-seeker endpoints: the seeker's own profile, and the list staff see.

One seeker's profile as staff and employers see it (``GET /seekers/{seeker_id}``) is served by
``applications.profile_router``: an application decides whether the contact details are shown."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from imis_jobs import API_PREFIX
from imis_jobs.access import SeekerUser, require_officer
from imis_jobs.seekers import repository, service
from imis_jobs.seekers.schemas import SeekerCreate, SeekerOut, SeekerUpdate
from imis_jobs.seekers.views import seeker_out
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import ConceptId, CountryCode, IscoCode, SubdivisionCode

router = api_router(prefix=f"{API_PREFIX}/seekers", tags=["seekers"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "/me",
    response_model=SeekerOut,
    status_code=201,
    summary="Create my profile.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def create_my_seeker_profile(
    body: SeekerCreate, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users, once. `discoverable` (consent to be found by verified employers) is
    false unless the seeker sets it."""
    seeker = await service.create(session, user.subject or "", body, taxonomy)
    fresh = await repository.by_id(session, seeker.id)
    assert fresh is not None
    return seeker_out(fresh, taxonomy)


@router.get("/me", response_model=SeekerOut, summary="My profile.", responses=ERRORS)
async def get_my_seeker_profile(user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep) -> SeekerOut:
    """`job_seeker` users: their own profile, everything stored about them."""
    return seeker_out(await service.own(session, user.subject or ""), taxonomy)


@router.patch("/me", response_model=SeekerOut, summary="Change my profile or consent.", responses=ERRORS)
async def update_my_seeker_profile(
    body: SeekerUpdate, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users, on their own profile. Withdrawing consent is `{"discoverable": false}`."""
    seeker = await service.update(session, await service.own(session, user.subject or ""), body, taxonomy)
    fresh = await repository.by_id(session, seeker.id)
    assert fresh is not None
    return seeker_out(fresh, taxonomy)


@router.delete("/me", status_code=204, summary="Erase my profile.", responses=ERRORS)
async def delete_my_seeker_profile(user: SeekerUser, session: SessionDep) -> Response:
    """`job_seeker` users: deletes the profile and everything attached to it."""
    await service.erase(session, await service.own(session, user.subject or ""))
    return Response(status_code=204)


@router.get(
    "",
    response_model=Page[SeekerOut],
    summary="List job seekers.",
    responses=ERRORS,
    openapi_extra=audience(Role.OFFICER, Role.ADMIN),
)
async def list_seeker_profiles(
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    occupation: Annotated[ConceptId | None, Query(description="ESCO occupation id.")] = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group, any level.")] = None,
    residence_country: CountryCode | None = None,
    residence_subdivision: SubdivisionCode | None = None,
    discoverable: bool | None = None,
) -> Page[SeekerOut]:
    """Officers and admins in person. Machine clients list no people: with `jobs:seekers:read` they
    read consenting seekers one by one and through a vacancy's matches."""
    require_officer(principal, "Only ministry officers can list job seekers.")
    rows, total = await repository.search(
        session,
        page,
        occupation_id=occupation,
        isco=isco,
        residence_country=residence_country,
        residence_subdivision=residence_subdivision,
        discoverable=discoverable,
    )
    return Page(
        items=[seeker_out(r, taxonomy) for r in rows], total=total, limit=page.limit, offset=page.offset
    )
