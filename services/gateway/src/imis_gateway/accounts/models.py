"""User accounts, their roles and their refresh tokens (the account's sign-in sessions)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_gateway.db import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class AccountStatus(StrEnum):
    # Registered, its email not yet confirmed: it cannot sign in until the link mailed to it is used.
    PENDING = "pending"
    ACTIVE = "active"
    DISABLED = "disabled"


class UserAccount(IdMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    preferred_language: Mapped[str] = mapped_column(String(2), default="en")
    status: Mapped[AccountStatus] = mapped_column(EnumText(AccountStatus, 16), default=AccountStatus.ACTIVE)
    last_login_at: Mapped[datetime | None]
    # When the current email was proved to be the user's; cleared when the email changes.
    email_verified_at: Mapped[datetime | None]
    # An address the user asked to change to: it replaces ``email`` once a link mailed to it is used.
    pending_email: Mapped[str | None] = mapped_column(String(320))
    # The password was set by an admin: its tokens may only read the account and change the password.
    password_change_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )

    @property
    def roles(self) -> list[str]:
        return sorted(row.role for row in self.role_rows)


class UserRole(Base):
    __tablename__ = "user_role"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True, index=True)
    user: Mapped[UserAccount] = relationship(back_populates="role_rows", lazy="raise")


class RefreshToken(IdMixin, Base):
    """One refresh token: opaque, stored hashed. Rotation issues a successor in the same family;
    presenting a token that was already used revokes the whole family. The account owns them:
    changing its password or disabling it ends them all."""

    __tablename__ = "refresh_token"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
