"""Verification endpoints: officers record and revoke checks on job seekers; seekers read
their own; employers read the outcomes of those in their pipeline; pre-screening status."""

from __future__ import annotations

import uuid

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser
from imis_jobs.config import SettingsDep
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers import service as seeker_service
from imis_jobs.taxonomy.dependencies import TaxonomyDep
from imis_jobs.verifications import repository, service
from imis_jobs.verifications.dependencies import ChecksInSightDep
from imis_jobs.verifications.schemas import (
    PrescreeningOut,
    RevocationIn,
    VerificationIn,
    VerificationOut,
    VerificationOutcome,
)
from imis_jobs.verifications.views import verification_out, verification_outcome
from imis_shared.app import api_router
from imis_shared.auth import Role, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["verifications"])
ERRORS = problem_responses(401, 403, 404)


@router.get(
    "/seekers/me/verifications",
    response_model=Page[VerificationOut],
    summary="The checks recorded on me.",
    responses=ERRORS,
)
async def list_my_verifications(
    user: SeekerUser, session: SessionDep, taxonomy: TaxonomyDep, page: PageParamsDep
) -> Page[VerificationOut]:
    """`job_seeker` users: every check on them, revoked ones too, latest first."""
    seeker = await seeker_service.own(session, user.subject or "")
    rows, total = await repository.for_seeker(session, seeker.id, page, with_revoked=True)
    today = utcnow().date()
    items = [verification_out(row, taxonomy, today) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/seekers/me/prescreening",
    response_model=PrescreeningOut,
    summary="Whether I am pre-screened.",
    responses=ERRORS,
)
async def get_my_prescreening(
    user: SeekerUser, session: SessionDep, settings: SettingsDep, programme_id: uuid.UUID | None = None
) -> PrescreeningOut:
    """`job_seeker` users: the checks pre-screening requires (for `programme_id`, else the
    ministry's default), which they hold and which are missing."""
    seeker = await seeker_service.own(session, user.subject or "")
    programme = await service.programme_or_none(session, programme_id)
    return await service.prescreening(session, seeker.id, programme, settings.prescreening_requires)


@router.post(
    "/verifications",
    response_model=VerificationOut,
    status_code=201,
    summary="Record a check on a job seeker.",
    responses=problem_responses(401, 403, 422),
)
async def record_verification(
    body: VerificationIn, officer: Officer, session: SessionDep, taxonomy: TaxonomyDep
) -> VerificationOut:
    """Officers and admins in person: a skill or language test, a credential, medical fitness,
    police clearance or an interview of the seeker `seeker_id`, with its outcome and validity.
    Checks are never edited: revoke a wrong one and record it again."""
    verification = await service.record(session, body, officer.subject or "", taxonomy)
    return verification_out(verification, taxonomy, utcnow().date())


@router.get(
    "/seekers/{seeker_id}/verifications",
    response_model=Page[VerificationOut] | Page[VerificationOutcome],
    summary="The checks recorded on a job seeker.",
    responses=ERRORS,
    openapi_extra=audience(Role.EMPLOYER, Role.OFFICER, Role.ADMIN),
)
async def list_seeker_verifications(
    sight: ChecksInSightDep, session: SessionDep, taxonomy: TaxonomyDep, page: PageParamsDep
) -> Page[VerificationOut] | Page[VerificationOutcome]:
    """Officers and admins: every check, revoked ones too. Members of a verified employer, for a
    seeker who applied to (or accepted an invitation to) one of its vacancies: the outcomes of the
    checks not revoked — never notes, evidence, or a medical check's details. Others: 403; a
    seeker outside the employer's pipeline: 404."""
    rows, total = await repository.for_seeker(session, sight.seeker.id, page, with_revoked=sight.whole)
    today = utcnow().date()
    if sight.whole:
        full = [verification_out(row, taxonomy, today) for row in rows]
        return Page(items=full, total=total, limit=page.limit, offset=page.offset)
    outcomes = [verification_outcome(row, taxonomy, today) for row in rows]
    return Page(items=outcomes, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/seekers/{seeker_id}/prescreening",
    response_model=PrescreeningOut,
    summary="Whether a job seeker is pre-screened.",
    responses=ERRORS,
)
async def get_seeker_prescreening(
    seeker_id: uuid.UUID,
    officer: Officer,
    session: SessionDep,
    settings: SettingsDep,
    programme_id: uuid.UUID | None = None,
) -> PrescreeningOut:
    """Officers and admins in person: the checks pre-screening requires (for `programme_id`,
    else the ministry's default), which the seeker holds and which are missing."""
    if await seekers.by_id(session, seeker_id) is None:
        raise NotFound("No such job seeker.")
    programme = await service.programme_or_none(session, programme_id)
    return await service.prescreening(session, seeker_id, programme, settings.prescreening_requires)


@router.post(
    "/verifications/{verification_id}/revocation",
    response_model=VerificationOut,
    summary="Revoke a check.",
    responses=problem_responses(401, 403, 404, 409),
)
async def revoke_verification(
    verification_id: uuid.UUID,
    body: RevocationIn,
    officer: Officer,
    session: SessionDep,
    taxonomy: TaxonomyDep,
) -> VerificationOut:
    """Officers and admins in person: the check stops counting (pre-screening, matching); it
    stays on record with who revoked it and why. Revoking twice is 409."""
    verification = await service.get(session, verification_id)
    await service.revoke(session, verification, officer.subject or "", body.reason)
    return verification_out(verification, taxonomy, utcnow().date())
