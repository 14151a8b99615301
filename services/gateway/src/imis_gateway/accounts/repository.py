"""Queries on accounts and their refresh tokens: the only place that builds them."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts.models import AccountStatus, RefreshToken, UserAccount, UserRole
from imis_shared.db import LIKE_ESCAPE, contains_pattern, utcnow
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, user_id: uuid.UUID) -> UserAccount | None:
    return await session.get(UserAccount, user_id)


async def get_by_email(session: AsyncSession, email: str) -> UserAccount | None:
    return await session.scalar(select(UserAccount).where(UserAccount.email == email))


def _search(q: str | None, role: str | None, status: AccountStatus | None) -> Select[UserAccount]:
    statement = select(UserAccount).order_by(UserAccount.created_at.desc(), UserAccount.id)
    if q:
        pattern = contains_pattern(q.lower())
        statement = statement.where(
            or_(
                UserAccount.email.like(pattern, escape=LIKE_ESCAPE),
                UserAccount.full_name.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
    if role:
        statement = statement.where(UserAccount.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    if status:
        statement = statement.where(UserAccount.status == status)
    return statement


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    q: str | None = None,
    role: str | None = None,
    status: AccountStatus | None = None,
) -> tuple[list[UserAccount], int]:
    return await paginate(session, _search(q, role, status), params)


async def get_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


async def spend_refresh_token(session: AsyncSession, token_id: uuid.UUID) -> bool:
    """Mark the token used unless it is already: of two concurrent refreshes with one token,
    exactly one gets True (a conditional UPDATE, not a read then a write)."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


async def _revoke_where(session: AsyncSession, chosen: ColumnElement[bool]) -> None:
    await session.execute(
        update(RefreshToken).where(chosen, RefreshToken.revoked_at.is_(None)).values(revoked_at=utcnow())
    )


async def revoke_refresh_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    """End one login: every token rotated from the same first one."""
    await _revoke_where(session, RefreshToken.family_id == family_id)


async def revoke_refresh_tokens(session: AsyncSession, user_id: uuid.UUID) -> None:
    """End every session of the user: their access ends at the next refresh."""
    await _revoke_where(session, RefreshToken.user_id == user_id)


async def sessions_of(session: AsyncSession, user_id: uuid.UUID) -> list[RefreshToken]:
    """Every refresh token the account holds or held, oldest first (its data export)."""
    statement = select(RefreshToken).where(RefreshToken.user_id == user_id)
    return list((await session.scalars(statement.order_by(RefreshToken.issued_at, RefreshToken.id))).all())
