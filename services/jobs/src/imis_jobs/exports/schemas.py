"""The body of a seeker's data export."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from imis_jobs.applications.schemas import ApplicationOut
from imis_jobs.handover.models import HandoverField
from imis_jobs.orientation.schemas import CertificateOut, EnrolmentOut
from imis_jobs.reintegration.schemas import ReturnOut
from imis_jobs.seekers.schemas import SeekerConsentOut, SeekerOut
from imis_jobs.verifications.schemas import VerificationOut
from imis_jobs.welfare.schemas import FollowedWelfareCaseOut
from imis_shared.validators import CountryCode


class RecordReceived(BaseModel):
    """A hand-over that carried the seeker's record to a programme's partner (or an officer)."""

    programme_id: uuid.UUID
    recipient_name: str
    recipient_country: CountryCode | None
    format: str
    fields: list[HandoverField]
    handed_at: datetime


class SeekerExport(BaseModel):
    """Everything the jobs service holds about the seeker (data-subject access and portability)."""

    exported_at: datetime
    profile: SeekerOut
    applications: list[ApplicationOut] = Field(
        description="Every application with its timeline: the steps abroad carry their dates "
        "(`arrived_on`, `started_on`, `contract_ends_on`), the changes while employed (`change`: contract "
        "extensions and changes of employer) and an early termination (`termination_reason`, `note`)."
    )
    consents: list[SeekerConsentOut] = Field(description="Every consent given or withdrawn, oldest first.")
    verifications: list[VerificationOut] = Field(
        description="Every check officers recorded, revoked ones too."
    )
    received_by: list[RecordReceived] = Field(
        description="Who received the seeker's record through a programme's hand-over, and when, "
        "oldest first."
    )
    orientation_enrolments: list[EnrolmentOut] = Field(
        description="Every pre-departure orientation enrolment, cancelled ones too, the latest session first."
    )
    orientation_certificates: list[CertificateOut] = Field(
        description="Every orientation certificate, revoked and expired ones too, the latest first."
    )
    welfare_cases: list[FollowedWelfareCaseOut] = Field(
        description="The welfare cases the seeker follows (reported by them, or naming their profile), as "
        "they see them: the officers' shared notes and the message thread, never internal notes nor who "
        "wrote an entry; the latest first."
    )
    returns: list[ReturnOut] = Field(
        description="Every return home recorded for the seeker, with its referrals and follow-ups, the "
        "latest first."
    )
