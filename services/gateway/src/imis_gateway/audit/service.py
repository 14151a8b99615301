"""Recording audit events; never passwords, tokens or secrets."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.audit.models import AuditEvent
from imis_shared.request_id import current_request_id


async def record(
    session: AsyncSession,
    event: str,
    *,
    outcome: str = "success",
    actor_id: object | None = None,
    subject_id: object | None = None,
    client_address: str | None = None,
    **details: Any,
) -> None:
    session.add(
        AuditEvent(
            event=event,
            outcome=outcome,
            actor_id=str(actor_id) if actor_id is not None else None,
            subject_id=str(subject_id) if subject_id is not None else None,
            client_address=client_address,
            request_id=current_request_id(),
            details=details,
        )
    )
    await session.flush()
