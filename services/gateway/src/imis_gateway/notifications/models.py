"""A person's notifications, each one's deliveries by email or SMS, and how they want to be told."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from imis_gateway.db import Base
from imis_shared.db import EnumText, IdMixin, utcnow


class NotificationChannel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # to be sent at next_attempt_at (quiet hours, or a retry)
    SENT = "sent"
    FAILED = "failed"  # every attempt failed: admins see it (GET /admin/notification-deliveries)
    CANCELLED = "cancelled"  # the person turned the channel off before it was sent


class Notification(IdMixin, Base):
    """One thing a person should know, rendered in their language when it happened; the inbox."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_created", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(32))  # the service whose event it is
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


class Delivery(IdMixin, Base):
    """One notification sent, or to be sent, on one channel."""

    __tablename__ = "notification_delivery"
    __table_args__ = (Index("ix_notification_delivery_due", "status", "next_attempt_at"),)

    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notification.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[NotificationChannel] = mapped_column(EnumText(NotificationChannel, 8))
    status: Mapped[DeliveryStatus] = mapped_column(
        EnumText(DeliveryStatus, 12), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(300))


class Preferences(Base):
    """How a person wants to be told; without a row, the defaults (email on, SMS off, no quiet hours)."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    email: Mapped[bool] = mapped_column(default=True)
    sms: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, for SMS
    language: Mapped[str | None] = mapped_column(String(2))  # None: the account's language
    quiet_from: Mapped[str | None] = mapped_column(String(5))  # "22:00", in `timezone`
    quiet_until: Mapped[str | None] = mapped_column(String(5))  # "07:00"
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
