"""Bodies of the person's cross-service views."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field


class ConsentOut(BaseModel):
    service: str = Field(description="The service that holds the consent: `jobs` or `diaspora`.")
    purpose: str = Field(
        description="What it allows. jobs: `discoverable` (verified employers may find the profile), "
        "`partner_sharing` (a programme's partner ministry may receive the record; `programme_id` "
        "says which). diaspora: `contact`, `directory`, `project_suggestions`, `statistics`."
    )
    programme_id: uuid.UUID | None = Field(description="The programme a `partner_sharing` consent is for.")
    granted: bool = Field(description="The person's latest answer.")
    text_version: str = Field(description="The version of the words the person was shown.")
    recorded_at: datetime = Field(description="When the latest answer was given.")
    recorded_by: str = Field(description="The account that recorded it: the person, or an officer.")


class AccountConsents(BaseModel):
    consents: list[ConsentOut] = Field(
        description="The current answer for each consent, by service then purpose. Each service's own "
        "route has the full history and changes the answer."
    )
    services: list[str] = Field(description="The services that hold a record of the person and were asked.")
