"""The gateway's part in the events between services (imis_shared.events): it announces deleted
accounts, follows each service's erasure of them, and keeps and delivers the notifications the
services ask for."""

from __future__ import annotations

import httpx

from imis_gateway.config import GatewaySettings
from imis_gateway.db import EVENT_TABLES
from imis_gateway.deletion.service import SOURCE, record_erasure
from imis_gateway.mailer import Mailer
from imis_gateway.notifications.channels import sms_channel
from imis_gateway.notifications.service import record_notification, run_deliveries
from imis_shared.db import Database
from imis_shared.events import ACCOUNT_ERASED, NOTIFICATION_REQUESTED, EventSetup, Handler
from imis_shared.settings import ServiceSettings


async def deliver_notifications(database: Database, settings: ServiceSettings) -> None:
    """The notification delivery loop, beside the event consumers."""
    assert isinstance(settings, GatewaySettings)
    async with httpx.AsyncClient() as client:
        await run_deliveries(database, settings, Mailer(settings), sms_channel(settings, client))


EVENT_SETUP = EventSetup(
    source=SOURCE,
    tables=EVENT_TABLES,
    handlers=(
        Handler("deletion-progress", ACCOUNT_ERASED, record_erasure),
        Handler("notifications", NOTIFICATION_REQUESTED, record_notification),
    ),
    background=(deliver_notifications,),
)
