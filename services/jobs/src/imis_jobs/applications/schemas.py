"""Bodies of the application endpoints, and of the seeker's data export."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from imis_jobs.applications.models import Actor, ApplicationStatus
from imis_jobs.seekers.schemas import SeekerOut
from imis_shared.schemas import StrictModel
from imis_shared.validators import Trimmed

Note = Annotated[str, Trimmed(2000, blank_ok=True)]


class ApplyIn(StrictModel):
    note: Note | None = Field(default=None, description="A message to the employer.")


class InviteIn(StrictModel):
    seeker_id: uuid.UUID
    note: Note | None = None


class TransitionIn(StrictModel):
    to: ApplicationStatus
    note: Note | None = None


class EventOut(BaseModel):
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    actor: Actor
    actor_id: str
    note: str | None
    occurred_at: datetime


class ContactOut(BaseModel):
    phone: str | None
    email: str | None


class ApplicationOut(BaseModel):
    id: uuid.UUID
    vacancy_id: uuid.UUID
    vacancy_title: str
    employer_id: uuid.UUID
    seeker_id: uuid.UUID
    seeker_name: str
    status: ApplicationStatus
    invited: bool = Field(description="True when the employer invited the seeker to apply.")
    seeker_contact: ContactOut | None = Field(
        description="Shown to the employer once the seeker applied or accepted the invitation."
    )
    allowed_next: list[ApplicationStatus] = Field(description="Steps the caller may take now.")
    timeline: list[EventOut]
    created_at: datetime
    updated_at: datetime


class SeekerExport(BaseModel):
    """Everything the jobs service holds about the seeker (data-subject access and portability)."""

    exported_at: datetime
    profile: SeekerOut
    applications: list[ApplicationOut]
