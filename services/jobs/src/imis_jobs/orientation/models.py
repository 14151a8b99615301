"""Pre-departure orientation: courses officers publish, their sessions, the seekers enrolled in them,
and the certificates attendance earns.

A session counts its enrolments in ``enrolled``: an enrolment takes a place with one conditional
UPDATE (``enrolled < capacity``) and a cancellation gives it back, so concurrent enrolments never
pass the capacity; a CHECK constraint backs the count up. A certificate is never edited: a wrong one
is revoked, with who revoked it and why.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin

ENROLLED_WITHIN_CAPACITY = "capacity >= 1 AND enrolled >= 0 AND enrolled <= capacity"


class SessionMode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    CANCELLED = "cancelled"


class Attendance(StrEnum):
    ATTENDED = "attended"
    ABSENT = "absent"


class OrientationCourse(IdMixin, TimestampMixin, Base):
    __tablename__ = "orientation_course"
    # The public list, filtered by destination and teaching language.
    __table_args__ = (Index("ix_orientation_course_country_language", "destination_country", "language"),)

    title: Mapped[str] = mapped_column(String(200))
    destination_country: Mapped[str] = mapped_column(String(2))
    isco_group: Mapped[str | None] = mapped_column(String(4))
    language: Mapped[str] = mapped_column(String(2))  # taught in; ISO 639-1
    # Ids of articles of the information service (which owns them), stored as given.
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    duration_hours: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(64))


class OrientationSession(IdMixin, TimestampMixin, Base):
    __tablename__ = "orientation_session"
    __table_args__ = (CheckConstraint(ENROLLED_WITHIN_CAPACITY, name="enrolled_within_capacity"),)

    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orientation_course.id"), index=True)
    starts_at: Mapped[datetime]
    mode: Mapped[SessionMode] = mapped_column(EnumText(SessionMode, 10))
    place: Mapped[str | None] = mapped_column(String(300))  # in person
    online_link: Mapped[str | None] = mapped_column(String(500))  # online
    capacity: Mapped[int]
    enrolled: Mapped[int] = mapped_column(default=0)  # enrolments not cancelled
    created_by: Mapped[str] = mapped_column(String(64))


class OrientationEnrolment(IdMixin, TimestampMixin, Base):
    __tablename__ = "orientation_enrolment"
    # One enrolment in force per seeker and session; a cancelled one stays on record and the seeker
    # may enrol again.
    __table_args__ = (
        Index(
            "uq_orientation_enrolment_session_id_seeker_id_enrolled",
            "session_id",
            "seeker_id",
            unique=True,
            sqlite_where=text("status = 'enrolled'"),
            postgresql_where=text("status = 'enrolled'"),
        ),
    )

    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orientation_session.id"), index=True)
    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    status: Mapped[EnrolmentStatus] = mapped_column(EnumText(EnrolmentStatus, 10))
    enrolled_by: Mapped[str] = mapped_column(String(64))  # the seeker's user id, or the officer's
    cancelled_at: Mapped[datetime | None]
    cancelled_by: Mapped[str | None] = mapped_column(String(64))
    attendance: Mapped[Attendance | None] = mapped_column(EnumText(Attendance, 10))
    attendance_recorded_by: Mapped[str | None] = mapped_column(String(64))
    attendance_recorded_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]  # when the seeker was reminded of the session


class OrientationCertificate(IdMixin, TimestampMixin, Base):
    __tablename__ = "orientation_certificate"

    # The short code printed on the certificate and checked publicly.
    code: Mapped[str] = mapped_column(String(10), unique=True)
    enrolment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orientation_enrolment.id", ondelete="CASCADE"), index=True
    )
    seeker_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("job_seeker.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orientation_course.id"), index=True)
    completed_on: Mapped[date]
    valid_until: Mapped[date]  # the last day it counts
    issued_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    revocation_reason: Mapped[str | None] = mapped_column(Text)
