"""Partners of a programme, and the audit of every hand-over: who received which seekers, when,
in which format.

A partner is a machine client of the gateway (its ``client_id``) that the ministry binds to one
programme: the destination country's ministry or agency. The binding lives here, beside the
programme, so the gateway needs to know nothing of programmes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imis_jobs.models import Base
from imis_shared.db import EnumText, IdMixin, utcnow


class ProgrammePartner(IdMixin, Base):
    __tablename__ = "programme_partner"
    __table_args__ = (UniqueConstraint("programme_id", "client_id"),)

    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programme.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))  # e.g. "Ministero del Lavoro e delle Politiche Sociali"
    country: Mapped[str] = mapped_column(String(2))
    # The field groups the programme's agreement lets this partner receive (``HandoverField``).
    fields: Mapped[list[str]] = mapped_column(JSON)
    bound_by: Mapped[str] = mapped_column(String(64))
    bound_at: Mapped[datetime] = mapped_column(default=utcnow)


class HandoverField(StrEnum):
    """The groups of a candidate's record an agreement may list."""

    IDENTITY = "identity"  # full name, date of birth, citizenship
    CONTACT = "contact"  # phone, email
    RESIDENCE = "residence"  # country and subdivision of residence
    OCCUPATIONS = "occupations"  # ESCO occupations with years of experience
    SKILLS = "skills"  # ESCO skills
    LANGUAGES = "languages"  # languages with CEFR levels
    EDUCATION = "education"  # ISCED level, field, certifications
    VERIFICATIONS = "verifications"  # the ministry's checks: outcomes only, never medical details
    PLACEMENT = "placement"  # the vacancy, its employer and the application's status


class HandoverFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    EUROPASS = "europass"


class Handover(IdMixin, Base):
    """One export of a programme's selected candidates, to a partner or an officer."""

    __tablename__ = "handover"

    programme_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("programme.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(64))  # the partner's client_id, or the officer's user id
    recipient_name: Mapped[str] = mapped_column(String(200))
    recipient_country: Mapped[str | None] = mapped_column(String(2))
    format: Mapped[HandoverFormat] = mapped_column(EnumText(HandoverFormat, 12))
    fields: Mapped[str] = mapped_column(String(300))  # the field groups sent, space-separated
    handed_at: Mapped[datetime] = mapped_column(default=utcnow)


class HandoverSeeker(Base):
    """A seeker whose record went out in a hand-over: what their data export lists."""

    __tablename__ = "handover_seeker"

    handover_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("handover.id", ondelete="CASCADE"), primary_key=True
    )
    seeker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("job_seeker.id", ondelete="CASCADE"), primary_key=True, index=True
    )
