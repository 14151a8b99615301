"""The security audit log, readable by admins."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel

from imis_gateway.audit.service import list_events
from imis_gateway.identity import Admin
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(
    prefix="/api/v1/admin/audit-events",
    tags=["admin"],
    responses=problem_responses(401, 403),
)


class AuditEventOut(BaseModel):
    id: uuid.UUID
    occurred_at: datetime
    event: str
    outcome: str
    actor_id: str | None
    subject_id: str | None
    client_address: str | None
    request_id: str | None
    details: dict[str, Any]


@router.get("", response_model=Page[AuditEventOut], summary="Security audit events, newest first.")
async def list_audit_events(
    admin: Admin,
    session: SessionDep,
    page: PageParamsDep,
    event: Annotated[str | None, Query(max_length=64, description="e.g. login.failed")] = None,
    subject_id: Annotated[str | None, Query(max_length=64)] = None,
    since: datetime | None = None,
) -> Page[AuditEventOut]:
    """Admins only."""
    rows, total = await list_events(session, page, event=event, subject_id=subject_id, since=since)
    items = [AuditEventOut.model_validate(row, from_attributes=True) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
