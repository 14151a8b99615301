"""Job-seeker endpoints: the seeker's own profile, and who else may see it."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Query, Response

from imis_jobs import API_PREFIX
from imis_jobs.employers.dependencies import is_staff
from imis_jobs.matching.scoring import SeekerOffers
from imis_jobs.seekers import repository, service
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.seekers.schemas import (
    Certification,
    LanguageOut,
    OccupationHeldOut,
    SeekerCreate,
    SeekerOut,
    SeekerProfile,
    SeekerProfileWithContact,
    SeekerUpdate,
    SkillOut,
)
from imis_jobs.taxonomy.router import TaxonomyDep
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, Principal, PrincipalKind, Role, require_roles
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, Forbidden, NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, SubdivisionCode

router = api_router(prefix=f"{API_PREFIX}/seekers", tags=["seekers"])
ERRORS = problem_responses(401, 403, 404)
SeekerUser = Annotated[Principal, Depends(require_roles(Role.JOB_SEEKER))]


def profile_fields(seeker: JobSeeker, taxonomy: Taxonomy, held: SeekerOffers | None = None) -> dict[str, Any]:
    """The profile as employers and officers see it. The occupations, skills and languages come
    from the loaded relationships, or from ``held`` (what matching read of the seeker, so the
    relationships need not be loaded) in the same order."""
    if held is None:
        occupations = [(o.occupation_id, o.years) for o in seeker.occupations]
        skills = [s.skill_id for s in seeker.skills]
        languages = [(x.language, x.level) for x in seeker.languages]
    else:
        occupations = sorted((occupation_id, years) for occupation_id, _isco, years in held.occupations)
        skills = sorted(held.skills)
        languages = sorted(held.languages.items())
    return {
        "id": seeker.id,
        "full_name": seeker.full_name,
        "citizenship": seeker.citizenship,
        "residence_country": seeker.residence_country,
        "residence_subdivision": seeker.residence_subdivision,
        "occupations": [
            OccupationHeldOut(
                occupation_id=occupation_id,
                label=taxonomy.occupations[occupation_id].label,
                isco_code=taxonomy.occupations[occupation_id].isco_code,
                years=years,
            )
            for occupation_id, years in occupations
        ],
        "skills": [SkillOut(skill_id=skill_id, label=taxonomy.skills[skill_id].label) for skill_id in skills],
        "languages": [LanguageOut(language=language, level=level) for language, level in languages],
        "education_level": seeker.education_level,
        "education_field": seeker.education_field,
        "certifications": [Certification(**c) for c in seeker.certifications],
        "preferred_countries": seeker.preferred_countries,
        "available_from": seeker.available_from,
    }


def seeker_out(seeker: JobSeeker, taxonomy: Taxonomy) -> SeekerOut:
    return SeekerOut(
        **profile_fields(seeker, taxonomy),
        user_id=seeker.user_id,
        date_of_birth=seeker.date_of_birth,
        phone=seeker.phone,
        email=seeker.email,
        discoverable=seeker.discoverable,
        consent_changed_at=seeker.consent_changed_at,
        created_at=seeker.created_at,
        updated_at=seeker.updated_at,
    )


async def _own(session: SessionDep, user: Principal) -> JobSeeker:
    seeker = await repository.by_user(session, user.subject or "")
    if seeker is None:
        raise NotFound("You have no profile yet; create it with POST /seekers/me.")
    return seeker


@router.post(
    "/me",
    response_model=SeekerOut,
    status_code=201,
    summary="Create my profile.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def create_my_profile(
    body: SeekerCreate, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users, once. `discoverable` (consent to be found by verified employers) is
    false unless the seeker sets it."""
    seeker = await service.create(session, user.subject or "", body, taxonomy)
    fresh = await repository.by_id(session, seeker.id)
    assert fresh is not None
    return seeker_out(fresh, taxonomy)


@router.get("/me", response_model=SeekerOut, summary="My profile.", responses=ERRORS)
async def read_my_profile(user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep) -> SeekerOut:
    """`job_seeker` users: their own profile, everything stored about them."""
    return seeker_out(await _own(session, user), taxonomy)


@router.patch("/me", response_model=SeekerOut, summary="Change my profile or consent.", responses=ERRORS)
async def update_my_profile(
    body: SeekerUpdate, user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut:
    """`job_seeker` users, on their own profile. Withdrawing consent is `{"discoverable": false}`."""
    seeker = await service.update(session, await _own(session, user), body, taxonomy)
    fresh = await repository.by_id(session, seeker.id)
    assert fresh is not None
    return seeker_out(fresh, taxonomy)


@router.delete("/me", status_code=204, summary="Erase my profile.", responses=ERRORS)
async def erase_my_profile(user: SeekerUser, session: SessionDep) -> Response:
    """`job_seeker` users: deletes the profile and everything attached to it."""
    await service.erase(session, await _own(session, user))
    return Response(status_code=204)


@router.get("", response_model=Page[SeekerOut], summary="List job seekers.", responses=ERRORS)
async def list_seekers(
    principal: CurrentPrincipal,
    session: SessionDep,
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    occupation: Annotated[str | None, Query(pattern=r"^[0-9a-f-]{36}$")] = None,
    isco: Annotated[str | None, Query(pattern=r"^\d{1,4}$")] = None,
    residence_country: CountryCode | None = None,
    residence_subdivision: SubdivisionCode | None = None,
    discoverable: bool | None = None,
) -> Page[SeekerOut]:
    """Officers, admins and machine clients with `jobs:read`."""
    if not is_staff(principal):
        raise Forbidden("Only ministry staff can list job seekers.")
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


@router.get(
    "/{seeker_id}",
    response_model=SeekerOut | SeekerProfileWithContact | SeekerProfile,
    summary="One job seeker.",
    responses=ERRORS,
)
async def get_seeker(
    seeker_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep, taxonomy: TaxonomyDep
) -> SeekerOut | SeekerProfileWithContact | SeekerProfile:
    """Staff see the whole profile. Members of a verified employer see the profile (no birth
    date) of a seeker who consented to be found, or who applied to one of their vacancies, with
    contact details only in that second case. Others are refused."""
    seeker = await repository.by_id(session, seeker_id)
    if is_staff(principal):
        if seeker is None:
            raise NotFound("No such job seeker.")
        return seeker_out(seeker, taxonomy)
    employer_user = principal.kind is PrincipalKind.USER and principal.has_any_role({Role.EMPLOYER})
    if not employer_user or not await repository.is_verified_employer_member(
        session, principal.subject or ""
    ):
        raise Forbidden("Only ministry staff and verified employers can see job seekers.")
    if seeker is None:
        raise NotFound("No such job seeker.")
    if await repository.has_applied_to_employer_of(session, seeker.id, principal.subject or ""):
        return SeekerProfileWithContact(
            **profile_fields(seeker, taxonomy), phone=seeker.phone, email=seeker.email
        )
    if not seeker.discoverable:
        raise NotFound("No such job seeker.")
    return SeekerProfile(**profile_fields(seeker, taxonomy))
