"""A person's notification inbox and preferences; the admins' view of deliveries."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from imis_gateway.access import Admin
from imis_gateway.accounts.dependencies import CurrentAccount
from imis_gateway.notifications import repository, service
from imis_gateway.notifications.models import DeliveryStatus
from imis_gateway.notifications.schemas import (
    DeliveryOut,
    InboxPage,
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    ReadAll,
)
from imis_gateway.notifications.views import delivery_out, notification_out, preferences_out
from imis_shared.app import api_router
from imis_shared.auth import ANY_USER, audience
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

me = api_router(prefix="/api/v1/auth/me", tags=["notifications"], responses=problem_responses(401, 403))
admin = api_router(prefix="/api/v1/admin", tags=["admin"], responses=problem_responses(401, 403))


@me.get(
    "/notifications",
    response_model=InboxPage,
    summary="My notifications, the latest first.",
    openapi_extra=audience(ANY_USER),
)
async def list_my_notifications(
    account: CurrentAccount,
    session: SessionDep,
    page: PageParamsDep,
    unread: Annotated[bool | None, Query(description="true: only unread; false: only read.")] = None,
) -> InboxPage:
    """Any user, their own inbox: what the services asked to tell them, in the language chosen when it
    happened. Every notification is here, whatever the email and SMS preferences."""
    rows, total = await repository.inbox(session, account.id, page, unread=unread)
    return InboxPage(
        items=[notification_out(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
        unread=await repository.unread_count(session, account.id),
    )


@me.post(
    "/notifications/{notification_id}/read",
    response_model=NotificationOut,
    summary="Mark one of my notifications read.",
    responses=problem_responses(404),
    openapi_extra=audience(ANY_USER),
)
async def mark_my_notification_read(
    notification_id: uuid.UUID, account: CurrentAccount, session: SessionDep
) -> NotificationOut:
    """Any user, their own notification (404 for anyone else's); reading it again changes nothing."""
    return notification_out(await service.mark_read(session, account.id, notification_id))


@me.post(
    "/notifications/read",
    response_model=ReadAll,
    summary="Mark all my notifications read.",
    openapi_extra=audience(ANY_USER),
)
async def mark_my_notifications_read(account: CurrentAccount, session: SessionDep) -> ReadAll:
    """Any user, their own inbox."""
    return ReadAll(marked=await service.mark_all_read(session, account.id))


@me.get(
    "/notification-preferences",
    response_model=PreferencesOut,
    summary="How I want to be told.",
    openapi_extra=audience(ANY_USER),
)
async def get_my_notification_preferences(account: CurrentAccount, session: SessionDep) -> PreferencesOut:
    """Any user. Without a choice made: email on, SMS off, the account's language, no quiet hours."""
    return preferences_out(await service.current_preferences(session, account.id))


@me.put(
    "/notification-preferences",
    response_model=PreferencesOut,
    summary="Choose how I am told: channels, language, quiet hours.",
    responses=problem_responses(422),
    openapi_extra=audience(ANY_USER),
)
async def replace_my_notification_preferences(
    body: PreferencesIn, account: CurrentAccount, session: SessionDep
) -> PreferencesOut:
    """Any user. Turning a channel off is the withdrawal of consent to be contacted on it: what waits
    to be sent on it is not sent."""
    return preferences_out(await service.set_preferences(session, account.id, body.model_dump()))


@admin.get(
    "/notification-deliveries",
    response_model=Page[DeliveryOut],
    summary="Notification deliveries, e.g. the failed ones.",
)
async def list_notification_deliveries(
    caller: Admin,
    session: SessionDep,
    page: PageParamsDep,
    status: Annotated[DeliveryStatus | None, Query(description="Only deliveries in this state.")] = None,
) -> Page[DeliveryOut]:
    """Admins only: each delivery's channel, state, attempts and last error, never the address or number
    it went to. `failed` lists those every attempt of which failed."""
    rows, total = await repository.deliveries(session, page, status=status)
    return Page(
        items=[delivery_out(delivery, notification) for delivery, notification in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
