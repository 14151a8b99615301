"""Pre-departure orientation endpoints: officers publish courses and their sessions; anyone reads them;
job seekers with an accepted placement enrol (officers may enrol them); officers take attendance, which
issues certificates anyone can check by their code."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer, SeekerUser
from imis_jobs.config import SettingsDep
from imis_jobs.orientation import repository, service
from imis_jobs.orientation.dependencies import EnrolmentDep, enrollee
from imis_jobs.orientation.schemas import (
    CODE_PATTERN,
    AttendanceIn,
    CertificateCheck,
    CertificateOut,
    CertificateRevocationIn,
    CourseCreate,
    CourseOut,
    CourseUpdate,
    EnrolmentIn,
    EnrolmentOut,
    SessionCreate,
    SessionOut,
)
from imis_jobs.orientation.views import (
    certificate_check,
    certificate_out,
    course_out,
    enrolment_out,
    session_out,
)
from imis_jobs.seekers import service as seeker_service
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, CurrentPrincipal, Role, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, LanguageCode

router = api_router(prefix=API_PREFIX, tags=["orientation"])
PUBLIC = audience(ANYONE)
READ_ERRORS = problem_responses(404)
ERRORS = problem_responses(401, 403, 404)
CHANGE_ERRORS = problem_responses(401, 403, 404, 409)
Code = Annotated[str, Path(pattern=CODE_PATTERN, description="The certificate's verification code.")]


# Courses


@router.post(
    "/orientation-courses",
    response_model=CourseOut,
    status_code=201,
    summary="Publish a pre-departure orientation course.",
    responses=problem_responses(401, 403),
)
async def create_orientation_course(body: CourseCreate, officer: Officer, session: SessionDep) -> CourseOut:
    """Officers and admins: its destination, the occupations it is for (an ISCO-08 group, optional), the
    language it is taught in, the information-service articles it covers, its length."""
    return course_out(await service.create_course(session, body, officer.subject or ""))


@router.patch(
    "/orientation-courses/{course_id}",
    response_model=CourseOut,
    summary="Change an orientation course.",
    responses=ERRORS,
)
async def update_orientation_course(
    course_id: uuid.UUID, body: CourseUpdate, officer: Officer, session: SessionDep
) -> CourseOut:
    """Officers and admins. Certificates already issued keep their course."""
    course = await service.get_course(session, course_id)
    return course_out(await service.update_course(session, course, body))


@router.get(
    "/orientation-courses",
    response_model=Page[CourseOut],
    summary="Pre-departure orientation courses.",
    openapi_extra=PUBLIC,
)
async def list_orientation_courses(
    session: SessionDep,
    page: PageParamsDep,
    destination_country: Annotated[CountryCode | None, Query(description="Courses for this country.")] = None,
    language: Annotated[LanguageCode | None, Query(description="Courses taught in this language.")] = None,
) -> Page[CourseOut]:
    """Public: a worker finds the courses for their destination, in their language. By title."""
    rows, total = await repository.search_courses(session, page, destination_country, language)
    return Page(items=[course_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/orientation-courses/{course_id}",
    response_model=CourseOut,
    summary="One orientation course.",
    responses=READ_ERRORS,
    openapi_extra=PUBLIC,
)
async def get_orientation_course(course_id: uuid.UUID, session: SessionDep) -> CourseOut:
    """Public."""
    return course_out(await service.get_course(session, course_id))


# Sessions


@router.post(
    "/orientation-sessions",
    response_model=SessionOut,
    status_code=201,
    summary="Schedule a session of an orientation course.",
    responses=problem_responses(401, 403),
)
async def create_orientation_session(
    body: SessionCreate, officer: Officer, session: SessionDep
) -> SessionOut:
    """Officers and admins: of which course (422 naming `course_id` when there is none such), when (in
    the future: 422 naming `starts_at`), in person (`place`) or online (`online_link`), and how many
    places."""
    return session_out(await service.create_session(session, body, officer.subject or ""))


@router.get(
    "/orientation-courses/{course_id}/sessions",
    response_model=Page[SessionOut],
    summary="The sessions of an orientation course, the earliest first.",
    responses=READ_ERRORS,
    openapi_extra=PUBLIC,
)
async def list_orientation_sessions(
    course_id: uuid.UUID, session: SessionDep, page: PageParamsDep
) -> Page[SessionOut]:
    """Public, with the places enrolled and free."""
    course = await service.get_course(session, course_id)
    rows, total = await repository.search_sessions(session, course.id, page)
    return Page(items=[session_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/orientation-sessions/{session_id}",
    response_model=SessionOut,
    summary="One orientation session.",
    responses=READ_ERRORS,
    openapi_extra=PUBLIC,
)
async def get_orientation_session(session_id: uuid.UUID, session: SessionDep) -> SessionOut:
    """Public, with the places enrolled and free."""
    return session_out(await service.get_session(session, session_id))


# Enrolments


@router.post(
    "/orientation-sessions/{session_id}/enrolments",
    response_model=EnrolmentOut,
    status_code=201,
    summary="Enrol in an orientation session.",
    responses=CHANGE_ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN),
)
async def create_orientation_enrolment(
    session_id: uuid.UUID, body: EnrolmentIn, principal: CurrentPrincipal, session: SessionDep
) -> EnrolmentOut:
    """A job seeker enrols themself (with their profile); officers and admins enrol the seeker
    `seeker_id` names (422 naming it when missing or unknown). Only a seeker with an accepted placement
    (accepted, contract signed or visa issued) in a vacancy in the course's country (409 `not_eligible`),
    before the session starts (409), once (409), while a place is left (409 `session_full`, also under
    concurrent enrolments)."""
    held = await service.get_session(session, session_id)
    seeker = await enrollee(session, principal, body)
    enrolment = await service.enrol(session, held, seeker, principal.subject or "")
    return enrolment_out(await repository.enrolment_row(session, enrolment.id))


@router.get(
    "/orientation-sessions/{session_id}/enrolments",
    response_model=Page[EnrolmentOut],
    summary="Who is enrolled in an orientation session: the attendance list.",
    responses=ERRORS,
)
async def list_orientation_session_enrolments(
    session_id: uuid.UUID, officer: Officer, session: SessionDep, page: PageParamsDep
) -> Page[EnrolmentOut]:
    """Officers and admins in person (names: no machine client): every enrolment, cancelled ones too,
    by the seeker's name, with attendance and certificate."""
    held = await service.get_session(session, session_id)
    rows, total = await repository.session_enrolments(session, held.id, page)
    return Page(items=[enrolment_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/orientation-enrolments/{enrolment_id}",
    response_model=EnrolmentOut,
    summary="One orientation enrolment.",
    responses=ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN),
)
async def get_orientation_enrolment(enrolment: EnrolmentDep, session: SessionDep) -> EnrolmentOut:
    """Officers and admins; the job seeker enrolled (another seeker: 404)."""
    return enrolment_out(await repository.enrolment_row(session, enrolment.id))


@router.post(
    "/orientation-enrolments/{enrolment_id}/cancellation",
    response_model=EnrolmentOut,
    summary="Cancel an orientation enrolment, freeing its place.",
    responses=CHANGE_ERRORS,
    openapi_extra=audience(Role.JOB_SEEKER, Role.OFFICER, Role.ADMIN),
)
async def cancel_orientation_enrolment(
    enrolment: EnrolmentDep, principal: CurrentPrincipal, session: SessionDep
) -> EnrolmentOut:
    """The job seeker enrolled (another seeker: 404), officers and admins: before the session starts
    (409 after), once (409 when already cancelled). The enrolment stays on record, cancelled; the
    seeker may enrol again."""
    await service.cancel(session, enrolment, principal.subject or "")
    return enrolment_out(await repository.enrolment_row(session, enrolment.id))


@router.post(
    "/orientation-enrolments/{enrolment_id}/attendance",
    response_model=EnrolmentOut,
    summary="Record whether a seeker attended an orientation session.",
    responses=CHANGE_ERRORS,
)
async def record_orientation_attendance(
    body: AttendanceIn, officer: Officer, enrolment: EnrolmentDep, session: SessionDep, settings: SettingsDep
) -> EnrolmentOut:
    """Officers and admins in person, once the session has started (409 before; 409 for a cancelled
    enrolment). `attended` completes the course and issues a certificate (`certificate_code`), valid
    `IMIS_JOBS_ORIENTATION_CERTIFICATE_MONTHS` months from the session's day; `absent` after `attended`
    revokes it (reason: attendance corrected); `attended` again issues a new one. Recording what is
    already recorded changes nothing."""
    months = settings.orientation_certificate_months
    await service.record_attendance(session, enrolment, body.attendance, officer.subject or "", months)
    return enrolment_out(await repository.enrolment_row(session, enrolment.id))


@router.get(
    "/seekers/me/orientation-enrolments",
    response_model=Page[EnrolmentOut],
    summary="My orientation enrolments.",
    responses=ERRORS,
)
async def list_my_orientation_enrolments(
    user: SeekerUser, session: SessionDep, page: PageParamsDep
) -> Page[EnrolmentOut]:
    """`job_seeker` users: their enrolments, cancelled ones too, the latest session first."""
    seeker = await seeker_service.own(session, user.subject or "")
    rows, total = await repository.seeker_enrolments(session, seeker.id, page)
    return Page(items=[enrolment_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


# Certificates


@router.get(
    "/seekers/me/orientation-certificates",
    response_model=Page[CertificateOut],
    summary="My orientation certificates.",
    responses=ERRORS,
)
async def list_my_orientation_certificates(
    user: SeekerUser, session: SessionDep, page: PageParamsDep
) -> Page[CertificateOut]:
    """`job_seeker` users: their certificates, revoked and expired ones too, the latest first."""
    seeker = await seeker_service.own(session, user.subject or "")
    rows, total = await repository.seeker_certificates(session, seeker.id, page)
    today = utcnow().date()
    items = [certificate_out(row, today) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/seekers/{seeker_id}/orientation-certificates",
    response_model=Page[CertificateOut],
    summary="A job seeker's orientation certificates.",
    responses=ERRORS,
)
async def list_seeker_orientation_certificates(
    seeker_id: uuid.UUID, officer: Officer, session: SessionDep, page: PageParamsDep
) -> Page[CertificateOut]:
    """Officers and admins in person: the seeker's certificates, revoked and expired ones too, the
    latest first."""
    if await repository.seeker(session, seeker_id) is None:
        raise NotFound("No such job seeker.")
    rows, total = await repository.seeker_certificates(session, seeker_id, page)
    today = utcnow().date()
    items = [certificate_out(row, today) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/orientation-certificates/{code}",
    response_model=CertificateCheck,
    summary="Check an orientation certificate by its code.",
    responses=READ_ERRORS,
    openapi_extra=PUBLIC,
)
async def get_orientation_certificate(code: Code, session: SessionDep) -> CertificateCheck:
    """Public (an employer, a consulate, the worker): whether the certificate is `valid`, `revoked` or
    `expired`, with the holder's initials, the course and the day it was completed; nothing more. A code
    of the wrong shape is 422, an unknown one 404."""
    row = await repository.check_row(session, code)
    if row is None:
        raise NotFound("No such orientation certificate.")
    return certificate_check(row, utcnow().date())


@router.post(
    "/orientation-certificates/{code}/revocation",
    response_model=CertificateOut,
    summary="Revoke an orientation certificate.",
    responses=CHANGE_ERRORS,
)
async def revoke_orientation_certificate(
    code: Code, body: CertificateRevocationIn, officer: Officer, session: SessionDep
) -> CertificateOut:
    """Officers and admins in person: the certificate stops counting (the departure gate, the public
    check); it stays on record with who revoked it and why. Revoking twice is 409."""
    row = await service.certificate(session, code)
    await service.revoke(session, row.certificate, officer.subject or "", body.reason)
    return certificate_out(row, utcnow().date())
