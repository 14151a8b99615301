"""Remittance endpoints: anyone compares a corridor; editors keep the prices."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BeforeValidator, WithJsonSchema

from imis_info import API_PREFIX
from imis_info.access import EditorUser
from imis_info.caching import cached, public_response
from imis_info.remittances import repository, service, views
from imis_info.remittances.dependencies import ExistingQuote
from imis_info.remittances.schemas import QuoteComparison, QuoteCreate, QuoteOut, QuoteUpdate
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

# A query parameter is a string: the document says which strings (over 0, up to 10000, at most two
# decimals), and the same pattern is what the server accepts, so "1e3" or "0200" are refused as documented.
AMOUNT_PATTERN = r"^(?:10000(?:\.0{1,2})?|[1-9][0-9]{0,3}(?:\.[0-9]{1,2})?|0\.(?:[1-9][0-9]?|0[1-9]))$"
_AMOUNT = re.compile(AMOUNT_PATTERN)


def _amount(value: object) -> object:
    if isinstance(value, str) and not _AMOUNT.match(value):
        raise ValueError(
            "must be an amount over 0 and up to 10000 with at most two decimals, e.g. 200 or 99.50"
        )
    return value


SendAmount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema({"type": "string", "pattern": AMOUNT_PATTERN, "examples": ["200"]}),
]

router = api_router(prefix=f"{API_PREFIX}/remittances", tags=["remittances"])
WRITE = problem_responses(401, 403, 404, 409)


@router.get(
    "",
    response_model=Page[QuoteComparison],
    summary="Compare providers in a corridor, cheapest first.",
    **cached(),
)
async def compare_remittance_costs(
    request: Request,
    session: SessionDep,
    page: PageParamsDep,
    from_country: Annotated[CountryCode, Query(alias="from", description="Sending country, e.g. `IT`.")],
    to_country: Annotated[CountryCode, Query(alias="to", description="Receiving country, e.g. `EG`.")],
    amount: Annotated[SendAmount, Query(description="In the send currency.")] = Decimal(200),
) -> Response:
    """Anyone, without an account. Total cost = fixed fee + percentage fee + exchange-rate
    margin on `amount`; each quote says when its prices were recorded."""
    rows, total = await repository.corridor(
        session, page, from_country=from_country, to_country=to_country, amount=amount
    )
    items = [views.comparison(row, amount) for row in rows]
    return public_response(
        request, Page[QuoteComparison](items=items, total=total, limit=page.limit, offset=page.offset)
    )


@router.post(
    "", response_model=QuoteOut, status_code=201, summary="Record a provider's prices.", responses=WRITE
)
async def create_remittance_quote(body: QuoteCreate, editor: EditorUser, session: SessionDep) -> QuoteOut:
    """Editors, admins, machine clients with `info:write`. One quote per provider, corridor and channel."""
    return views.quote_out(await service.create(session, body, editor.subject or ""))


@router.patch("/{quote_id}", response_model=QuoteOut, summary="Update a provider's prices.", responses=WRITE)
async def update_remittance_quote(
    editor: EditorUser, body: QuoteUpdate, quote: ExistingQuote, session: SessionDep
) -> QuoteOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.quote_out(await service.update(session, quote, body, editor.subject or ""))


@router.delete("/{quote_id}", status_code=204, summary="Remove a quote.", responses=WRITE)
async def delete_remittance_quote(_editor: EditorUser, quote: ExistingQuote, session: SessionDep) -> Response:
    """Editors, admins, machine clients with `info:write`."""
    await service.delete(session, quote)
    return Response(status_code=204)
