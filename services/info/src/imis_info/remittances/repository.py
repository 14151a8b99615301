"""Queries on remittance quotes."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import Numeric, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.remittances.models import RemittanceQuote
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, quote_id: uuid.UUID) -> RemittanceQuote | None:
    return await session.get(RemittanceQuote, quote_id)


async def corridor(
    session: AsyncSession, params: PageParams, *, from_country: str, to_country: str, amount: Decimal
) -> tuple[list[RemittanceQuote], int]:
    """Cheapest first for ``amount``: fixed fee + amount x (fee % + margin %) / 100."""
    q = RemittanceQuote
    sent = literal(amount, Numeric(14, 2))  # not the type of the percent columns it multiplies
    cost = q.fee_fixed + sent * (q.fee_percent + q.fx_margin_percent) / 100
    statement = (
        select(q)
        .where(q.from_country == from_country, q.to_country == to_country)
        .order_by(cost, q.provider, q.id)
    )
    return await paginate(session, statement, params)
