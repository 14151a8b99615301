"""Bodies of the notification endpoints."""

from __future__ import annotations

import importlib.resources
import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from imis_gateway.notifications.models import DeliveryStatus, NotificationChannel
from imis_shared.schemas import StrictModel
from imis_shared.validators import ContentLanguage, PhoneNumber

# The IANA zones of the pinned tzdata package (the same list on every machine and in every image) that
# name a place, and UTC: not the `Etc/GMT+3` kind, whose signs run backwards and which client
# generators cannot tell apart (`GMT+0`, `GMT-0` and `GMT0` make one enum member).
_PLACES = importlib.resources.files("tzdata").joinpath("zones").read_text().split()
TIME_ZONES = ("UTC", *(zone for zone in _PLACES if "/" in zone and not zone.startswith("Etc/")))
_ZONES = frozenset(TIME_ZONES)


def _known_zone(value: str) -> str:
    if value not in _ZONES:
        raise ValueError("not an IANA time zone (e.g. Africa/Cairo, Europe/Rome)")
    return value


TimeZone = Annotated[str, AfterValidator(_known_zone), Field(json_schema_extra={"enum": list(TIME_ZONES)})]
ClockTime = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["22:00"])]


class PreferencesIn(StrictModel):
    """The whole set replaces the current one."""

    email: bool = Field(description="Email to the account's address.")
    sms: bool = Field(description="SMS to `phone`; nothing is sent by SMS while `phone` is null.")
    phone: PhoneNumber | None = Field(default=None, description="The number for SMS, E.164 once stored.")
    language: ContentLanguage | None = Field(
        default=None,
        description="The notifications' language; null: the account's language (English when "
        "it is none of these four).",
    )
    quiet_from: ClockTime | None = Field(
        default=None, description="No email or SMS from this time (in `timezone`) ... "
    )
    quiet_until: ClockTime | None = Field(
        default=None,
        description="... until this one; both or neither (one alone has no effect). The inbox "
        "still receives; the deliveries wait for the end of the quiet hours.",
    )
    timezone: TimeZone = Field(default="UTC", description="The IANA time zone of the quiet hours.")


class PreferencesOut(BaseModel):
    email: bool
    sms: bool
    phone: str | None
    language: ContentLanguage | None
    quiet_from: str | None
    quiet_until: str | None
    timezone: str


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str = Field(
        description="What happened (docs/notifications.md): `application_status_changed`, "
        "`invitation_received`, `documents_needed`, `orientation_reminder`, `welfare_case_updated`, "
        "`vacancy_alert`, `vacancy_digest`, `pledge_confirmed`, `project_updated`, `email_changed`."
    )
    source: str = Field(description="The service the news comes from.")
    params: dict[str, str] = Field(description="The values the words were made from (ids, public titles).")
    language: ContentLanguage
    title: str
    body: str
    created_at: datetime
    read_at: datetime | None


class InboxPage(BaseModel):
    items: list[NotificationOut]
    total: int
    limit: int
    offset: int
    unread: int = Field(description="How many of the person's notifications are unread, in all.")


class ReadAll(BaseModel):
    marked: int = Field(description="How many were unread and are now read.")


class DeliveryOut(BaseModel):
    """A delivery as admins see it: no address, no number."""

    id: uuid.UUID
    notification_id: uuid.UUID
    user_id: uuid.UUID
    kind: str
    channel: NotificationChannel
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime
    sent_at: datetime | None
    last_error: str | None
