"""Queries on email verification tokens: the only place that builds them."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.verification.models import EmailVerificationToken, TokenPurpose
from imis_shared.db import utcnow


async def get_by_hash(
    session: AsyncSession, token_hash: str, purpose: TokenPurpose
) -> EmailVerificationToken | None:
    return await session.scalar(
        select(EmailVerificationToken).where(
            EmailVerificationToken.token_hash == token_hash, EmailVerificationToken.purpose == purpose
        )
    )


async def spend(session: AsyncSession, token_id: uuid.UUID) -> bool:
    """Mark the token used unless it is already: of two concurrent confirmations with one token,
    exactly one gets True (a conditional UPDATE, not a read then a write)."""
    spent = await session.execute(
        update(EmailVerificationToken)
        .where(EmailVerificationToken.id == token_id, EmailVerificationToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return spent.rowcount == 1  # type: ignore[attr-defined,no-any-return]
