"""How notifications, preferences and deliveries are shown."""

from __future__ import annotations

from imis_gateway.notifications.models import Delivery, Notification, Preferences
from imis_gateway.notifications.schemas import DeliveryOut, NotificationOut, PreferencesOut


def notification_out(notification: Notification) -> NotificationOut:
    return NotificationOut.model_validate(notification, from_attributes=True)


def preferences_out(chosen: Preferences) -> PreferencesOut:
    return PreferencesOut.model_validate(chosen, from_attributes=True)


def delivery_out(delivery: Delivery, notification: Notification) -> DeliveryOut:
    return DeliveryOut(
        id=delivery.id,
        notification_id=notification.id,
        user_id=notification.user_id,
        kind=notification.kind,
        channel=delivery.channel,
        status=delivery.status,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        sent_at=delivery.sent_at,
        last_error=delivery.last_error,
    )
