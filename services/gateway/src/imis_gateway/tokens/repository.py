"""Queries on authorization codes: the only place that builds them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.tokens.models import AuthorizationCode
from imis_shared.db import utcnow


async def get_code(session: AsyncSession, code_hash: str) -> AuthorizationCode | None:
    return await session.scalar(select(AuthorizationCode).where(AuthorizationCode.code_hash == code_hash))


async def spend_code(session: AsyncSession, code_id: uuid.UUID) -> bool:
    """Mark the code used unless it is already: of two concurrent redemptions exactly one wins."""
    result = await session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.id == code_id, AuthorizationCode.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


async def delete_expired_codes(session: AsyncSession, before: datetime) -> None:
    """Codes that expired before ``before``: nothing can redeem them any more."""
    await session.execute(delete(AuthorizationCode).where(AuthorizationCode.expires_at < before))
