"""Loading the alert a path names."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_info.alerts import repository
from imis_info.alerts.models import Alert
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def alert_or_404(alert_id: uuid.UUID, session: SessionDep) -> Alert:
    alert = await repository.get(session, alert_id)
    if alert is None:
        raise NotFound("No such alert.")
    return alert


ExistingAlert = Annotated[Alert, Depends(alert_or_404)]
