"""Orientation courses, sessions, enrolments and certificates as their callers see them."""

from __future__ import annotations

from datetime import date

from imis_jobs.orientation.models import OrientationCourse, OrientationSession
from imis_jobs.orientation.repository import CertificateRow, CheckRow, EnrolmentRow
from imis_jobs.orientation.schemas import (
    CertificateCheck,
    CertificateOut,
    CourseOut,
    EnrolmentOut,
    SessionOut,
)
from imis_jobs.orientation.service import initials, status


def course_out(course: OrientationCourse) -> CourseOut:
    return CourseOut.model_validate(course, from_attributes=True)


def session_out(held: OrientationSession) -> SessionOut:
    return SessionOut(
        id=held.id,
        course_id=held.course_id,
        starts_at=held.starts_at,
        mode=held.mode,
        place=held.place,
        online_link=held.online_link,
        capacity=held.capacity,
        enrolled=held.enrolled,
        free_places=held.capacity - held.enrolled,
        created_at=held.created_at,
    )


def enrolment_out(row: EnrolmentRow) -> EnrolmentOut:
    enrolment = row.enrolment
    return EnrolmentOut.model_validate(
        {
            "id": enrolment.id,
            "session_id": enrolment.session_id,
            "course_id": row.course_id,
            "course_title": row.course_title,
            "starts_at": row.starts_at,
            "mode": row.mode,
            "seeker_id": enrolment.seeker_id,
            "seeker_name": row.seeker_name,
            "status": enrolment.status,
            "enrolled_by": enrolment.enrolled_by,
            "cancelled_at": enrolment.cancelled_at,
            "attendance": enrolment.attendance,
            "attendance_recorded_at": enrolment.attendance_recorded_at,
            "certificate_code": row.certificate_code,
            "created_at": enrolment.created_at,
        }
    )


def certificate_out(row: CertificateRow, today: date) -> CertificateOut:
    certificate = row.certificate
    return CertificateOut(
        id=certificate.id,
        code=certificate.code,
        seeker_id=certificate.seeker_id,
        course_id=certificate.course_id,
        course_title=row.course_title,
        destination_country=row.destination_country,
        enrolment_id=certificate.enrolment_id,
        completed_on=certificate.completed_on,
        valid_until=certificate.valid_until,
        status=status(certificate.revoked_at is not None, certificate.valid_until, today),
        issued_by=certificate.issued_by,
        revoked_at=certificate.revoked_at,
        revoked_by=certificate.revoked_by,
        revocation_reason=certificate.revocation_reason,
        created_at=certificate.created_at,
    )


def certificate_check(row: CheckRow, today: date) -> CertificateCheck:
    """What anyone holding the code learns: the code, initials, the course, the date, the status."""
    return CertificateCheck(
        code=row.code,
        holder_initials=initials(row.holder_name),
        course_title=row.course_title,
        completed_on=row.completed_on,
        status=status(row.revoked_at is not None, row.valid_until, today),
    )
