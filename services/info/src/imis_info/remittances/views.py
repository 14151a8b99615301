"""Building remittance responses from rows (no queries here)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from imis_info.remittances.models import RemittanceQuote
from imis_info.remittances.schemas import QuoteComparison, QuoteOut
from imis_info.remittances.service import total_cost

CENT = Decimal("0.01")


def quote_out(quote: RemittanceQuote) -> QuoteOut:
    return QuoteOut.model_validate(quote, from_attributes=True)


def comparison(quote: RemittanceQuote, amount: Decimal) -> QuoteComparison:
    cost = total_cost(quote, amount)
    return QuoteComparison(
        **quote_out(quote).model_dump(),
        amount=amount,
        total_cost=cost.quantize(CENT, ROUND_HALF_UP),
        total_cost_percent=(cost * 100 / amount).quantize(CENT, ROUND_HALF_UP),
    )
