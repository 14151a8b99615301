"""Authorization codes of the sign-in (RFC 6749 §4.1 with PKCE, RFC 7636)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_gateway.db import Base
from imis_shared.db import IdMixin, utcnow


class AuthorizationCode(IdMixin, Base):
    """One code handed to a front-end's redirect URI after a sign-in: stored as its SHA-256, short
    lived, redeemed once, and bound to the client, the redirect URI and the PKCE challenge. The
    refresh tokens issued for it form the family ``family_id``, revoked if the code comes back."""

    __tablename__ = "authorization_code"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    redirect_uri: Mapped[str] = mapped_column(String(512))
    code_challenge: Mapped[str] = mapped_column(String(128))
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[uuid.UUID]
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None]
