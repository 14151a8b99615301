"""The gateway's part in the events between services (imis_shared.events): it announces deleted
accounts and follows each service's erasure of them."""

from __future__ import annotations

from imis_gateway.db import EVENT_TABLES
from imis_gateway.deletion.service import SOURCE, record_erasure
from imis_shared.events import ACCOUNT_ERASED, EventSetup, Handler

EVENT_SETUP = EventSetup(
    source=SOURCE,
    tables=EVENT_TABLES,
    handlers=(Handler("deletion-progress", ACCOUNT_ERASED, record_erasure),),
)
