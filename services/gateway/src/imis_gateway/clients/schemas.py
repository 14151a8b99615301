"""Bodies of the machine-client admin endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from imis_shared.schemas import StrictModel


class ClientCreate(StrictModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    scopes: list[str] = Field(
        min_length=1, max_length=20, description="Scopes from the configured catalogue."
    )


class ClientOut(BaseModel):
    id: uuid.UUID
    client_id: str
    name: str
    scopes: list[str]
    created_at: datetime
    created_by: str | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ClientCreated(ClientOut):
    client_secret: str = Field(description="Shown once; only a hash is stored.")
