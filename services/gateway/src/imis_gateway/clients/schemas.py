"""Bodies of the machine-client admin endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from imis_shared.schemas import StrictModel
from imis_shared.validators import Trimmed


class ClientCreate(StrictModel):
    name: Annotated[str, Trimmed(200)]
    scopes: list[str] = Field(
        min_length=1, max_length=20, description="Scopes from the configured catalogue."
    )


def declare_scope_catalogue(document: dict[str, Any], scopes: list[str]) -> dict[str, Any]:
    """The scopes an admin may grant a machine client are the configured catalogue
    (``IMIS_GATEWAY_ALLOWED_CLIENT_SCOPES``), known only at run time: the served document names them
    as the enum ``ClientScope``, so a generated client offers exactly the scopes this gateway takes."""
    schemas = document["components"]["schemas"]
    schemas["ClientScope"] = {
        "title": "ClientScope",
        "type": "string",
        "enum": list(scopes),
        "description": "A scope of this gateway's catalogue.",
    }
    schemas["ClientCreate"]["properties"]["scopes"]["items"] = {"$ref": "#/components/schemas/ClientScope"}
    return document


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
    name: Annotated[str, Trimmed(200)]
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
