"""Bodies of the deletion endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from imis_gateway.accounts.schemas import Password
from imis_gateway.deletion.models import RequestedBy, StepStatus
from imis_shared.schemas import StrictModel


class AccountDeletionIn(StrictModel):
    password: Password = Field(description="The account's current password.")


class DeletionState(StrEnum):
    IN_PROGRESS = "in_progress"  # some service has not yet confirmed
    COMPLETED = "completed"  # every service erased the person


class DeletionStepOut(BaseModel):
    service: str
    status: StepStatus
    done_at: datetime | None = Field(description="When the service confirmed; null while pending.")


class DeletionRequestOut(BaseModel):
    id: uuid.UUID
    account_id: uuid.UUID = Field(description="The deleted account's id (the account itself is gone).")
    requested_at: datetime
    requested_by: RequestedBy
    status: DeletionState
    completed_at: datetime | None
    services: list[DeletionStepOut] = Field(
        description="Each service that holds people's data, and whether it has erased the person."
    )
