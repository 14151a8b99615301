"""Queries on accounts: the only place that builds them."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts.models import AccountStatus, UserAccount, UserRole
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, user_id: uuid.UUID) -> UserAccount | None:
    return await session.get(UserAccount, user_id)


async def get_by_email(session: AsyncSession, email: str) -> UserAccount | None:
    return await session.scalar(select(UserAccount).where(UserAccount.email == email))


def _search(q: str | None, role: str | None, status: AccountStatus | None) -> Select[UserAccount]:
    statement = select(UserAccount).order_by(UserAccount.created_at.desc(), UserAccount.id)
    if q:
        pattern = f"%{q.lower().replace('%', '').replace('_', '')}%"
        statement = statement.where(
            or_(UserAccount.email.like(pattern), UserAccount.full_name.ilike(pattern))
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
