"""Queries on orientation courses, sessions, enrolments and certificates: the only place that builds
them.

A place in a session is taken with one conditional UPDATE (``enrolled = enrolled + 1 WHERE enrolled <
capacity``): the database serialises concurrent enrolments, so the count never passes the capacity on
SQLite and PostgreSQL alike, and a CHECK constraint backs it up. Cancelling and recording attendance
are conditional UPDATEs too, so a change made twice at once takes effect once.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import Application, ApplicationStatus
from imis_jobs.orientation.models import (
    Attendance,
    EnrolmentStatus,
    OrientationCertificate,
    OrientationCourse,
    OrientationEnrolment,
    OrientationSession,
    SessionMode,
)
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.vacancies.models import Vacancy
from imis_shared.pagination import PageParams, paginate


async def _rows(
    session: AsyncSession, statement: Select[*tuple[Any, ...]], params: PageParams
) -> tuple[list[Any], int]:
    """One page of the rows (not objects) ``statement`` reads, and how many there are in all."""
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = (await session.execute(statement.limit(params.limit).offset(params.offset))).all()
    return list(rows), int(total or 0)


# Courses


async def get_course(session: AsyncSession, course_id: uuid.UUID) -> OrientationCourse | None:
    return await session.get(OrientationCourse, course_id)


async def search_courses(
    session: AsyncSession, params: PageParams, country: str | None, language: str | None
) -> tuple[list[OrientationCourse], int]:
    statement = select(OrientationCourse).order_by(OrientationCourse.title, OrientationCourse.id)
    if country is not None:
        statement = statement.where(OrientationCourse.destination_country == country)
    if language is not None:
        statement = statement.where(OrientationCourse.language == language)
    return await paginate(session, statement, params)


# Sessions and their places


async def get_session(session: AsyncSession, session_id: uuid.UUID) -> OrientationSession | None:
    """The session as stored now (its count of enrolments may have moved since this session read it)."""
    return await session.get(OrientationSession, session_id, populate_existing=True)


async def search_sessions(
    session: AsyncSession, course_id: uuid.UUID, params: PageParams
) -> tuple[list[OrientationSession], int]:
    statement = (
        select(OrientationSession)
        .where(OrientationSession.course_id == course_id)
        .order_by(OrientationSession.starts_at, OrientationSession.id)
    )
    return await paginate(session, statement, params)


async def take_place(session: AsyncSession, session_id: uuid.UUID) -> bool:
    """Take one place of the session; False when none is left."""
    statement = (
        update(OrientationSession)
        .where(OrientationSession.id == session_id, OrientationSession.enrolled < OrientationSession.capacity)
        .values(enrolled=OrientationSession.enrolled + 1)
    )
    return bool((await session.execute(statement)).rowcount == 1)  # type: ignore[attr-defined]


async def release_place(session: AsyncSession, session_id: uuid.UUID) -> None:
    await session.execute(
        update(OrientationSession)
        .where(OrientationSession.id == session_id, OrientationSession.enrolled > 0)
        .values(enrolled=OrientationSession.enrolled - 1)
    )


# Enrolments


async def seeker(session: AsyncSession, seeker_id: uuid.UUID) -> JobSeeker | None:
    """The seeker's row alone (none of their profile's lists)."""
    return await session.get(JobSeeker, seeker_id)


# An accepted placement: the statuses between the acceptance and the departure.
PLACED = (ApplicationStatus.ACCEPTED, ApplicationStatus.CONTRACT_SIGNED, ApplicationStatus.VISA_ISSUED)


async def holds_placement_in(session: AsyncSession, seeker_id: uuid.UUID, country: str) -> bool:
    """Whether the seeker has an accepted placement (accepted, contract signed or visa issued) in a
    vacancy in ``country``."""
    statement = select(
        exists().where(
            Application.seeker_id == seeker_id,
            Application.status.in_(PLACED),
            Application.vacancy_id == Vacancy.id,
            Vacancy.destination_country == country,
        )
    )
    return bool(await session.scalar(statement))


async def get_enrolment(session: AsyncSession, enrolment_id: uuid.UUID) -> OrientationEnrolment | None:
    return await session.get(OrientationEnrolment, enrolment_id, populate_existing=True)


async def enrolled(
    session: AsyncSession, session_id: uuid.UUID, seeker_id: uuid.UUID
) -> OrientationEnrolment | None:
    """The seeker's enrolment in force in the session, if any."""
    return await session.scalar(
        select(OrientationEnrolment).where(
            OrientationEnrolment.session_id == session_id,
            OrientationEnrolment.seeker_id == seeker_id,
            OrientationEnrolment.status == EnrolmentStatus.ENROLLED,
        )
    )


async def cancel(session: AsyncSession, enrolment_id: uuid.UUID, by: str, now: datetime) -> bool:
    """Cancel the enrolment if it is in force; False when it was not."""
    statement = (
        update(OrientationEnrolment)
        .where(
            OrientationEnrolment.id == enrolment_id, OrientationEnrolment.status == EnrolmentStatus.ENROLLED
        )
        .values(status=EnrolmentStatus.CANCELLED, cancelled_at=now, cancelled_by=by, updated_at=now)
    )
    return bool((await session.execute(statement)).rowcount == 1)  # type: ignore[attr-defined]


async def set_attendance(
    session: AsyncSession, enrolment_id: uuid.UUID, attendance: Attendance, by: str, now: datetime
) -> bool:
    """Record the attendance of an enrolment in force unless it says so already; False when it did
    (or the enrolment is cancelled), so only one of two officers recording it at once changes it."""
    statement = (
        update(OrientationEnrolment)
        .where(
            OrientationEnrolment.id == enrolment_id,
            OrientationEnrolment.status == EnrolmentStatus.ENROLLED,
            or_(OrientationEnrolment.attendance.is_(None), OrientationEnrolment.attendance != attendance),
        )
        .values(attendance=attendance, attendance_recorded_by=by, attendance_recorded_at=now, updated_at=now)
    )
    return bool((await session.execute(statement)).rowcount == 1)  # type: ignore[attr-defined]


class EnrolmentRow(NamedTuple):
    enrolment: OrientationEnrolment
    course_id: uuid.UUID
    course_title: str
    starts_at: datetime
    mode: str
    seeker_name: str
    certificate_code: str | None


_ENROLMENTS = (
    select(
        OrientationEnrolment,
        OrientationCourse.id,
        OrientationCourse.title,
        OrientationSession.starts_at,
        OrientationSession.mode,
        JobSeeker.full_name,
        OrientationCertificate.code,
    )
    .join(OrientationSession, OrientationSession.id == OrientationEnrolment.session_id)
    .join(OrientationCourse, OrientationCourse.id == OrientationSession.course_id)
    .join(JobSeeker, JobSeeker.id == OrientationEnrolment.seeker_id)
    .outerjoin(
        OrientationCertificate,
        (OrientationCertificate.enrolment_id == OrientationEnrolment.id)
        & OrientationCertificate.revoked_at.is_(None),
    )
)


async def enrolment_row(session: AsyncSession, enrolment_id: uuid.UUID) -> EnrolmentRow:
    statement = _ENROLMENTS.where(OrientationEnrolment.id == enrolment_id).execution_options(
        populate_existing=True
    )
    return EnrolmentRow(*(await session.execute(statement)).one())


async def session_enrolments(
    session: AsyncSession, session_id: uuid.UUID, params: PageParams
) -> tuple[list[EnrolmentRow], int]:
    """A session's enrolments, cancelled ones too, by the seeker's name."""
    statement = _ENROLMENTS.where(OrientationEnrolment.session_id == session_id).order_by(
        JobSeeker.full_name, OrientationEnrolment.created_at, OrientationEnrolment.id
    )
    rows, total = await _rows(session, statement, params)
    return [EnrolmentRow(*row) for row in rows], total


async def seeker_enrolments(
    session: AsyncSession, seeker_id: uuid.UUID, params: PageParams
) -> tuple[list[EnrolmentRow], int]:
    """A seeker's enrolments, cancelled ones too, the latest session first."""
    statement = _ENROLMENTS.where(OrientationEnrolment.seeker_id == seeker_id).order_by(
        OrientationSession.starts_at.desc(), OrientationEnrolment.created_at.desc(), OrientationEnrolment.id
    )
    rows, total = await _rows(session, statement, params)
    return [EnrolmentRow(*row) for row in rows], total


# Certificates


async def certificate_in_force(
    session: AsyncSession, enrolment_id: uuid.UUID
) -> OrientationCertificate | None:
    """The enrolment's certificate not revoked, if any."""
    return await session.scalar(
        select(OrientationCertificate).where(
            OrientationCertificate.enrolment_id == enrolment_id, OrientationCertificate.revoked_at.is_(None)
        )
    )


async def code_taken(session: AsyncSession, code: str) -> bool:
    return bool(await session.scalar(select(exists().where(OrientationCertificate.code == code))))


async def holds_valid_certificate(
    session: AsyncSession, seeker_id: uuid.UUID, country: str, today: date
) -> bool:
    """Whether the seeker holds a certificate not revoked nor expired for a course to ``country``."""
    statement = select(
        exists().where(
            OrientationCertificate.seeker_id == seeker_id,
            OrientationCertificate.revoked_at.is_(None),
            OrientationCertificate.valid_until >= today,
            OrientationCertificate.course_id == OrientationCourse.id,
            OrientationCourse.destination_country == country,
        )
    )
    return bool(await session.scalar(statement))


class CertificateRow(NamedTuple):
    certificate: OrientationCertificate
    course_title: str
    destination_country: str


_CERTIFICATES = select(
    OrientationCertificate, OrientationCourse.title, OrientationCourse.destination_country
).join(OrientationCourse, OrientationCourse.id == OrientationCertificate.course_id)


async def certificate_by_code(session: AsyncSession, code: str) -> CertificateRow | None:
    statement = _CERTIFICATES.where(OrientationCertificate.code == code).execution_options(
        populate_existing=True
    )
    row = (await session.execute(statement)).one_or_none()
    return CertificateRow(*row) if row is not None else None


async def seeker_certificates(
    session: AsyncSession, seeker_id: uuid.UUID, params: PageParams
) -> tuple[list[CertificateRow], int]:
    """A seeker's certificates, revoked ones too, the latest first."""
    statement = _CERTIFICATES.where(OrientationCertificate.seeker_id == seeker_id).order_by(
        OrientationCertificate.completed_on.desc(),
        OrientationCertificate.created_at.desc(),
        OrientationCertificate.id,
    )
    rows, total = await _rows(session, statement, params)
    return [CertificateRow(*row) for row in rows], total


class CheckRow(NamedTuple):
    code: str
    holder_name: str
    course_title: str
    completed_on: date
    valid_until: date
    revoked_at: datetime | None


# The public check: one lookup by the unique code's index, and the two rows it points at by key.
_CHECK = (
    select(
        OrientationCertificate.code,
        JobSeeker.full_name,
        OrientationCourse.title,
        OrientationCertificate.completed_on,
        OrientationCertificate.valid_until,
        OrientationCertificate.revoked_at,
    )
    .join(JobSeeker, JobSeeker.id == OrientationCertificate.seeker_id)
    .join(OrientationCourse, OrientationCourse.id == OrientationCertificate.course_id)
)


async def check_row(session: AsyncSession, code: str) -> CheckRow | None:
    row = (await session.execute(_CHECK.where(OrientationCertificate.code == code))).one_or_none()
    return CheckRow(*row) if row is not None else None


class Reminder(NamedTuple):
    enrolment_id: uuid.UUID
    user_id: str
    session_id: uuid.UUID
    starts_at: datetime
    mode: SessionMode
    place: str | None
    course: str


async def due_reminders(session: AsyncSession, now: datetime, until: datetime) -> list[Reminder]:
    """Enrolments in force, not yet reminded, in sessions starting between ``now`` and ``until``, of
    seekers with an account."""
    statement = (
        select(
            OrientationEnrolment.id,
            JobSeeker.user_id,
            OrientationSession.id,
            OrientationSession.starts_at,
            OrientationSession.mode,
            OrientationSession.place,
            OrientationCourse.title,
        )
        .join(OrientationSession, OrientationSession.id == OrientationEnrolment.session_id)
        .join(OrientationCourse, OrientationCourse.id == OrientationSession.course_id)
        .join(JobSeeker, JobSeeker.id == OrientationEnrolment.seeker_id)
        .where(
            OrientationEnrolment.status == EnrolmentStatus.ENROLLED,
            OrientationEnrolment.reminded_at.is_(None),
            OrientationSession.starts_at > now,
            OrientationSession.starts_at <= until,
            JobSeeker.user_id.is_not(None),
        )
        .order_by(OrientationSession.starts_at, OrientationEnrolment.id)
    )
    return [
        Reminder(enrolment, str(user), session_id, starts_at, mode, place, course)
        for enrolment, user, session_id, starts_at, mode, place, course in (
            await session.execute(statement)
        ).all()
    ]


async def mark_reminded(session: AsyncSession, enrolment_id: uuid.UUID, now: datetime) -> bool:
    """One conditional UPDATE: two workers never remind the same enrolment twice."""
    result = await session.execute(
        update(OrientationEnrolment)
        .where(OrientationEnrolment.id == enrolment_id, OrientationEnrolment.reminded_at.is_(None))
        .values(reminded_at=now)
    )
    return bool(getattr(result, "rowcount", 0))
