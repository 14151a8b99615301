"""User accounts and their roles."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from imis_gateway.db import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin


class AccountStatus(StrEnum):
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
