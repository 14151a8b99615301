"""Job-seeker endpoints: the seeker's own profile and consent history, the list staff see, and
assisted registration (an officer registers a walk-in seeker, who claims the profile later).

One seeker's profile as staff and employers see it (``GET /seekers/{seeker_id}``) is served by
``applications.profile_router``: an application decides whether the contact details are shown."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query, Response

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser, require_officer
from imis_jobs.config import SettingsDep
from imis_jobs.seekers import repository, service
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.seekers.schemas import (
    ClaimCode,
    ClaimIn,
    RegisteredSeeker,
    SeekerConsentOut,
    SeekerCreate,
    SeekerOut,
    SeekerRegistration,
    SeekerUpdate,
)
from imis_jobs.seekers.views import consent_out, seeker_out
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import ConceptId, CountryCode, IscoCode, SubdivisionCode

router = api_router(prefix=f"{API_PREFIX}/seekers", tags=["seekers"])
ERRORS = problem_responses(401, 403, 404)


async def _reread(session: SessionDep, seeker: JobSeeker) -> JobSeeker:
    """The profile read again with its occupations, skills and languages, as written."""
    fresh = await repository.by_id(session, seeker.id)
    assert fresh is not None
    return fresh


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
    false unless the seeker sets it; giving it is recorded in the consent history. A person an
    officer registered claims that profile instead (`POST /seekers/me/claim`)."""
    seeker = await service.create(session, user.subject or "", body, taxonomy)
    return seeker_out(await _reread(session, seeker), taxonomy)


@router.post(
    "/me/claim",
    response_model=SeekerOut,
    summary="Claim the profile an officer registered for me.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 429: PROBLEM_RESPONSE},
)
async def claim_seeker_profile(
    body: ClaimIn, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users with no profile yet: the one-time code an officer gave them makes the
    profile registered for them theirs (`/seekers/me`), and is spent. 404 for a wrong, expired or
    spent code, 409 if the caller has a profile already, 429 after ten wrong codes in a day."""
    seeker = await service.claim(session, user.subject or "", body.code)
    return seeker_out(await _reread(session, seeker), taxonomy)


@router.get("/me", response_model=SeekerOut, summary="My profile.", responses=ERRORS)
async def get_my_seeker_profile(user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep) -> SeekerOut:
    """`job_seeker` users: their own profile, everything stored about them."""
    return seeker_out(await service.own(session, user.subject or ""), taxonomy)


@router.patch("/me", response_model=SeekerOut, summary="Change my profile or consent.", responses=ERRORS)
async def update_my_seeker_profile(
    body: SeekerUpdate, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users, on their own profile. Withdrawing consent is `{"discoverable": false}`;
    every change of it is recorded in the consent history."""
    subject = user.subject or ""
    seeker = await service.update(
        session, await service.own(session, subject, to_change=True), body, taxonomy, subject
    )
    return seeker_out(await _reread(session, seeker), taxonomy)


@router.delete("/me", status_code=204, summary="Erase my profile.", responses=ERRORS)
async def delete_my_seeker_profile(user: SeekerUser, session: SessionDep) -> Response:
    """`job_seeker` users: deletes the profile and everything attached to it."""
    await service.erase(session, await service.own(session, user.subject or "", to_change=True))
    return Response(status_code=204)


@router.get(
    "/me/consents",
    response_model=Page[SeekerConsentOut],
    summary="My consents and their history.",
    responses=ERRORS,
)
async def list_my_seeker_consents(
    user: SeekerUser, session: SessionDep, page: PageParamsDep
) -> Page[SeekerConsentOut]:
    """`job_seeker` users: every consent they gave or withdrew, and those an officer recorded in
    person, oldest first."""
    seeker = await service.own(session, user.subject or "")
    rows, total = await repository.consents(session, seeker.id, page)
    return Page(items=[consent_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.post(
    "",
    response_model=RegisteredSeeker,
    status_code=201,
    summary="Register a walk-in job seeker.",
    responses=problem_responses(401, 403, 422),
)
async def register_seeker(
    body: SeekerRegistration,
    officer: Officer,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> RegisteredSeeker:
    """Officers and admins in person, for a person at the labour office (email and phone are
    optional): the profile, with the consent the person gave in person (`discoverable`, the
    version and language of the words shown), and a one-time code, shown only this once, with which
    the person claims the profile from their own `job_seeker` account (`POST /seekers/me/claim`)
    within `IMIS_JOBS_CLAIM_CODE_DAYS`."""
    seeker, code, expires_at = await service.register(
        session, officer.subject or "", body, taxonomy, settings.claim_code_days
    )
    return RegisteredSeeker(
        profile=seeker_out(await _reread(session, seeker), taxonomy),
        claim=ClaimCode(seeker_id=seeker.id, code=code, expires_at=expires_at),
    )


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
    claimed: Annotated[
        bool | None,
        Query(description="False: the profiles officers registered that nobody has claimed yet."),
    ] = None,
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
        claimed=claimed,
    )
    return Page(
        items=[seeker_out(r, taxonomy) for r in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.post(
    "/{seeker_id}/claim-code",
    response_model=ClaimCode,
    summary="Issue a fresh claim code.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def issue_claim_code(
    seeker_id: uuid.UUID, officer: Officer, session: SessionDep, settings: SettingsDep
) -> ClaimCode:
    """Officers and admins in person, for a profile registered by an officer and not yet claimed
    (409 once claimed): a new one-time code, shown only this once; the previous code stops working."""
    seeker = await repository.by_id(session, seeker_id)
    if seeker is None:
        raise NotFound("No such job seeker profile.")
    code, expires_at = await service.reissue_code(session, seeker, settings.claim_code_days)
    return ClaimCode(seeker_id=seeker.id, code=code, expires_at=expires_at)


@router.get(
    "/{seeker_id}/consents",
    response_model=Page[SeekerConsentOut],
    summary="A job seeker's consents and their history.",
    responses=ERRORS,
)
async def list_seeker_consents(
    seeker_id: uuid.UUID, officer: Officer, session: SessionDep, page: PageParamsDep
) -> Page[SeekerConsentOut]:
    """Officers and admins in person: every consent the seeker gave or withdrew, by whom and in
    which words, oldest first."""
    if not await repository.exists_by_id(session, seeker_id):
        raise NotFound("No such job seeker profile.")
    rows, total = await repository.consents(session, seeker_id, page)
    return Page(items=[consent_out(r) for r in rows], total=total, limit=page.limit, offset=page.offset)
