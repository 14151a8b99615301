"""Orientation rules: sessions in the future, who may enrol (an accepted placement in the course's
country), places that are never over-filled, attendance that issues and revokes certificates, and the
departure gate.

The gate: a departure needs a valid certificate (not revoked, not expired, for a course to the
vacancy's country) when the vacancy's programme says so (``Programme.orientation_required``), or, when
it says nothing or the vacancy is in no programme, when the ministry's default does
(``IMIS_JOBS_ORIENTATION_REQUIRED``).
"""

from __future__ import annotations

import secrets
import uuid
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.departure_checks import Departure
from imis_jobs.orientation import repository
from imis_jobs.orientation.models import (
    Attendance,
    EnrolmentStatus,
    OrientationCertificate,
    OrientationCourse,
    OrientationEnrolment,
    OrientationSession,
)
from imis_jobs.orientation.schemas import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CertificateStatus,
    CourseCreate,
    CourseUpdate,
    SessionCreate,
)
from imis_jobs.programmes import repository as programmes
from imis_jobs.programmes.service import add_months
from imis_jobs.seekers.models import JobSeeker
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, FieldError, InvalidState, NotFound, ValidationFailed, body_error

ATTENDANCE_CORRECTED = "attendance corrected"


# Courses and sessions


async def create_course(session: AsyncSession, data: CourseCreate, officer: str) -> OrientationCourse:
    course = OrientationCourse(**data.model_dump(mode="json"), created_by=officer)
    session.add(course)
    await session.flush()
    return course


async def update_course(
    session: AsyncSession, course: OrientationCourse, data: CourseUpdate
) -> OrientationCourse:
    for name, value in data.model_dump(mode="json", exclude_unset=True).items():
        setattr(course, name, value)
    await session.flush()
    return course


async def get_course(session: AsyncSession, course_id: uuid.UUID) -> OrientationCourse:
    course = await repository.get_course(session, course_id)
    if course is None:
        raise NotFound("No such orientation course.")
    return course


async def create_session(session: AsyncSession, data: SessionCreate, officer: str) -> OrientationSession:
    """A session of an existing course (422 naming `course_id` otherwise), starting in the future (422
    naming `starts_at` otherwise)."""
    errors: list[FieldError] = []
    if await repository.get_course(session, data.course_id) is None:
        errors.append(body_error("course_id", "is not an orientation course", "unknown_course"))
    if data.starts_at <= utcnow():
        errors.append(body_error("starts_at", "is not in the future", "past"))
    if errors:
        raise ValidationFailed("The session cannot be scheduled.", errors=errors)
    held = OrientationSession(**data.model_dump(), enrolled=0, created_by=officer)
    session.add(held)
    await session.flush()
    return held


async def get_session(session: AsyncSession, session_id: uuid.UUID) -> OrientationSession:
    held = await repository.get_session(session, session_id)
    if held is None:
        raise NotFound("No such orientation session.")
    return held


# Enrolments


def _already() -> Conflict:
    return Conflict("The job seeker is already enrolled in this session.")


async def enrol(
    session: AsyncSession, held: OrientationSession, seeker: JobSeeker, by: str
) -> OrientationEnrolment:
    """Enrol ``seeker`` in the session ``held``: before it starts, once, with an accepted placement in
    the course's country (409 ``not_eligible``), while a place is left (409 ``session_full``). The
    place is taken by a conditional UPDATE in the enrolment's transaction: an error after it rolls
    both back."""
    if held.starts_at <= utcnow():
        raise InvalidState("The session has started: it takes no more enrolments.")
    if await repository.enrolled(session, held.id, seeker.id) is not None:
        raise _already()
    course = await get_course(session, held.course_id)
    if not await repository.holds_placement_in(session, seeker.id, course.destination_country):
        raise InvalidState(
            f"Not eligible: orientation for {course.destination_country} is for workers with an accepted "
            f"placement (accepted, contract signed or visa issued) in {course.destination_country}, and "
            "the job seeker has none.",
            reason="not_eligible",
        )
    if not await repository.take_place(session, held.id):
        raise Conflict("The session is full: every place is taken.", reason="session_full")
    enrolment = OrientationEnrolment(
        session_id=held.id, seeker_id=seeker.id, status=EnrolmentStatus.ENROLLED, enrolled_by=by
    )
    session.add(enrolment)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent enrolment of the same seeker, refused by the unique index
        raise _already() from None
    return enrolment


async def get_enrolment(session: AsyncSession, enrolment_id: uuid.UUID) -> OrientationEnrolment:
    enrolment = await repository.get_enrolment(session, enrolment_id)
    if enrolment is None:
        raise NotFound("No such orientation enrolment.")
    return enrolment


async def cancel(session: AsyncSession, enrolment: OrientationEnrolment, by: str) -> None:
    """Cancel an enrolment before its session starts, freeing its place."""
    held = await get_session(session, enrolment.session_id)
    now = utcnow()
    if held.starts_at <= now:
        raise InvalidState("The session has started: the enrolment can no longer be cancelled.")
    if not await repository.cancel(session, enrolment.id, by, now):
        raise InvalidState(
            "The enrolment is already cancelled.", current_status=EnrolmentStatus.CANCELLED.value
        )
    await repository.release_place(session, held.id)


# Attendance and certificates


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def _issue(
    session: AsyncSession,
    enrolment: OrientationEnrolment,
    held: OrientationSession,
    officer: str,
    months: int,
) -> OrientationCertificate:
    code = new_code()
    while await repository.code_taken(session, code):  # 31**10 codes: a second draw is rare already
        code = new_code()
    completed_on = held.starts_at.date()
    certificate = OrientationCertificate(
        code=code,
        enrolment_id=enrolment.id,
        seeker_id=enrolment.seeker_id,
        course_id=held.course_id,
        completed_on=completed_on,
        valid_until=add_months(completed_on, months),
        issued_by=officer,
    )
    session.add(certificate)
    await session.flush()
    return certificate


def _revoke(certificate: OrientationCertificate, officer: str, reason: str) -> None:
    certificate.revoked_at = utcnow()
    certificate.revoked_by = officer
    certificate.revocation_reason = reason


async def record_attendance(
    session: AsyncSession, enrolment: OrientationEnrolment, attendance: Attendance, officer: str, months: int
) -> None:
    """Record whether the seeker attended, once the session has started. `attended` completes the
    course and issues a certificate valid ``months`` months; `absent` after `attended` revokes it
    (reason: attendance corrected). Recording what is already recorded changes nothing."""
    held = await get_session(session, enrolment.session_id)
    if enrolment.status == EnrolmentStatus.CANCELLED:
        raise InvalidState("The enrolment is cancelled: it has no attendance.", current_status="cancelled")
    if held.starts_at > utcnow():
        raise InvalidState("The session has not started: attendance is recorded once it has.")
    if not await repository.set_attendance(session, enrolment.id, attendance, officer, utcnow()):
        return
    if attendance == Attendance.ATTENDED:
        await _issue(session, enrolment, held, officer, months)
        return
    certificate = await repository.certificate_in_force(session, enrolment.id)
    if certificate is not None:
        _revoke(certificate, officer, ATTENDANCE_CORRECTED)
        await session.flush()


async def certificate(session: AsyncSession, code: str) -> repository.CertificateRow:
    found = await repository.certificate_by_code(session, code)
    if found is None:
        raise NotFound("No such orientation certificate.")
    return found


async def revoke(
    session: AsyncSession, certificate: OrientationCertificate, officer: str, reason: str
) -> None:
    if certificate.revoked_at is not None:
        raise InvalidState("This certificate is already revoked.")
    _revoke(certificate, officer, reason)
    await session.flush()


def status(revoked: bool, valid_until: date, today: date) -> CertificateStatus:
    if revoked:
        return "revoked"
    if valid_until < today:
        return "expired"
    return "valid"


def initials(full_name: str) -> str:
    """The first letters of a name's first and last parts: "Mona Adel Hassan" → "M. H."."""
    parts = full_name.split()
    if not parts:
        return ""
    chosen = parts if len(parts) == 1 else [parts[0], parts[-1]]
    return " ".join(f"{part[0].upper()}." for part in chosen)


# The departure gate


async def orientation_required(session: AsyncSession, departure: Departure) -> bool:
    """Whether the departure needs a certificate: the programme's say, else the ministry's default."""
    programme = await programmes.get(session, departure.programme_id) if departure.programme_id else None
    if programme is not None and programme.orientation_required is not None:
        return programme.orientation_required
    return departure.settings.orientation_required


async def check_departure(session: AsyncSession, departure: Departure) -> None:
    """Refuse a departure (409 ``orientation_required``) that needs a valid certificate the worker
    does not hold."""
    if not await orientation_required(session, departure):
        return
    country = departure.destination_country
    if not await repository.holds_valid_certificate(session, departure.seeker_id, country, utcnow().date()):
        raise InvalidState(
            f"Not departed: the worker needs a valid orientation certificate for a course to {country} "
            "(not revoked, not expired).",
            reason="orientation_required",
        )
