"""The body of a seeker's data export."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

from imis_jobs.applications.schemas import ApplicationOut
from imis_jobs.handover.models import HandoverField
from imis_jobs.seekers.schemas import SeekerConsentOut, SeekerOut
from imis_jobs.verifications.schemas import VerificationOut
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
    applications: list[ApplicationOut]
    consents: list[SeekerConsentOut] = Field(description="Every consent given or withdrawn, oldest first.")
    verifications: list[VerificationOut] = Field(
        description="Every check officers recorded, revoked ones too."
    )
    received_by: list[RecordReceived] = Field(
        description="Who received the seeker's record through a programme's hand-over, and when, "
        "oldest first."
    )
