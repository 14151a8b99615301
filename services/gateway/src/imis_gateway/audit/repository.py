"""Queries on the audit log: the only place that builds them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.audit.models import AuditEvent
from imis_shared.pagination import PageParams, paginate

_NEWEST_FIRST = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id)


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    event: str | None = None,
    subject_id: str | None = None,
    since: datetime | None = None,
) -> tuple[list[AuditEvent], int]:
    statement = _NEWEST_FIRST
    if event:
        statement = statement.where(AuditEvent.event == event)
    if subject_id:
        statement = statement.where(AuditEvent.subject_id == subject_id)
    if since:
        statement = statement.where(AuditEvent.occurred_at >= since)
    return await paginate(session, statement, params)


async def of_account(session: AsyncSession, account_id: str) -> list[AuditEvent]:
    """Every event the account took part in, as actor or subject, oldest first (its data export)."""
    statement = select(AuditEvent).where(
        or_(AuditEvent.subject_id == account_id, AuditEvent.actor_id == account_id)
    )
    return list((await session.scalars(statement.order_by(AuditEvent.occurred_at, AuditEvent.id))).all())
