"""Tokens mailed to an address: opaque, stored as SHA-256 hashes, single-use, expiring."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from imis_gateway.db import Base
from imis_shared.db import EnumText, IdMixin, utcnow


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    # A new staff account's first password; using it verifies the email too.
    SET_PASSWORD = "set_password"  # noqa: S105 (a purpose, not a secret)
    # An address the user asked to change to (the token's ``email``); using it makes it the account's.
    CHANGE_EMAIL = "change_email"


class EmailVerificationToken(IdMixin, Base):
    """One message with a link. It proves ``email``: if the account's email has changed since it
    was sent, the token does nothing. It is good for its ``purpose`` only."""

    __tablename__ = "email_verification_token"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[TokenPurpose] = mapped_column(
        EnumText(TokenPurpose, 16),
        default=TokenPurpose.VERIFY_EMAIL,
        server_default=TokenPurpose.VERIFY_EMAIL.value,
    )
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
