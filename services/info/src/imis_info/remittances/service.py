"""Remittance quotes: editors record prices; the comparison ranks them by total cost."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.remittances.models import RemittanceQuote
from imis_info.remittances.schemas import QuoteCreate, QuoteUpdate
from imis_shared.errors import Conflict


async def create(session: AsyncSession, body: QuoteCreate, editor: str) -> RemittanceQuote:
    quote = RemittanceQuote(**body.model_dump(), updated_by=editor)
    session.add(quote)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(
            "This provider already has a quote for this corridor and channel; update it instead."
        ) from None
    return quote


async def update(
    session: AsyncSession, quote: RemittanceQuote, body: QuoteUpdate, editor: str
) -> RemittanceQuote:
    for name, value in body.model_dump(exclude_unset=True).items():
        setattr(quote, name, value)
    quote.updated_by = editor
    await session.flush()
    return quote


def total_cost(quote: RemittanceQuote, amount: Decimal) -> Decimal:
    """Fixed fee + percentage fee + exchange-rate margin, all on ``amount`` (the World Bank's
    Remittance Prices Worldwide way of comparing)."""
    return quote.fee_fixed + amount * (quote.fee_percent + quote.fx_margin_percent) / 100


async def delete(session: AsyncSession, quote: RemittanceQuote) -> None:
    await session.delete(quote)
