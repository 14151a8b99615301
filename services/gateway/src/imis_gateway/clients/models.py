"""OAuth2 clients: machine clients (client credentials) for ministry IT and partner systems, and
public clients (authorization code with PKCE) for the browser and mobile front-ends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_gateway.db import Base
from imis_shared.db import IdMixin, TimestampMixin


class MachineClient(IdMixin, TimestampMixin, Base):
    __tablename__ = "machine_client"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class PublicClient(IdMixin, TimestampMixin, Base):
    """A browser or mobile front-end signing people in with the authorization code and PKCE: no
    secret (it could not keep one), only the exact redirect URIs an admin registered."""

    __tablename__ = "public_client"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
