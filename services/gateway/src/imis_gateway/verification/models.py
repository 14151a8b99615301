"""Email verification tokens: opaque, stored as SHA-256 hashes, single-use, expiring."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_gateway.db import Base
from imis_shared.db import IdMixin, utcnow


class EmailVerificationToken(IdMixin, Base):
    """One verification message. It proves ``email``: if the account's email has changed
    since it was sent, the token verifies nothing."""

    __tablename__ = "email_verification_token"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
