"""The security audit log, readable by admins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query

from imis_gateway.access import Admin
from imis_gateway.audit import repository
from imis_gateway.audit.schemas import AuditEventOut
from imis_gateway.audit.views import audit_event_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(
    prefix="/api/v1/admin/audit-events",
    tags=["admin"],
    responses=problem_responses(401, 403),
)


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
    rows, total = await repository.search(session, page, event=event, subject_id=subject_id, since=since)
    items = [audit_event_out(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
