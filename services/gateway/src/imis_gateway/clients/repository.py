"""Queries on machine and public clients: the only place that builds them."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.clients.models import MachineClient, PublicClient
from imis_shared.pagination import PageParams, paginate

_NEWEST_FIRST = select(MachineClient).order_by(MachineClient.created_at.desc())


async def get(session: AsyncSession, client_uuid: uuid.UUID) -> MachineClient | None:
    return await session.get(MachineClient, client_uuid)


async def get_by_client_id(session: AsyncSession, client_id: str) -> MachineClient | None:
    return await session.scalar(select(MachineClient).where(MachineClient.client_id == client_id))


async def newest_first(session: AsyncSession, params: PageParams) -> tuple[list[MachineClient], int]:
    return await paginate(session, _NEWEST_FIRST, params)


_PUBLIC_NEWEST_FIRST = select(PublicClient).order_by(PublicClient.created_at.desc(), PublicClient.id)


async def get_public(session: AsyncSession, client_uuid: uuid.UUID) -> PublicClient | None:
    return await session.get(PublicClient, client_uuid)


async def get_public_by_client_id(session: AsyncSession, client_id: str) -> PublicClient | None:
    return await session.scalar(select(PublicClient).where(PublicClient.client_id == client_id))


async def public_newest_first(session: AsyncSession, params: PageParams) -> tuple[list[PublicClient], int]:
    return await paginate(session, _PUBLIC_NEWEST_FIRST, params)
