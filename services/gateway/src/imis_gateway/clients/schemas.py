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


class PublicClientCreate(StrictModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    redirect_uris: list[Annotated[str, StringConstraints(min_length=1, max_length=512)]] = Field(
        min_length=1,
        max_length=10,
        description="Exact redirect URIs: https; http only on 127.0.0.1, [::1] (any port at sign-in, "
        "RFC 8252) or localhost; or a native app's private-use scheme such as org.example.app:/callback.",
    )


class PublicClientOut(BaseModel):
    id: uuid.UUID
    client_id: str = Field(description="Sent as client_id to the authorize and token endpoints.")
    name: str
    redirect_uris: list[str]
    created_at: datetime
    created_by: str | None
    revoked_at: datetime | None
    last_used_at: datetime | None
