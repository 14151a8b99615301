"""Contribution-offer endpoints: members manage their own, staff list and filter all."""

from __future__ import annotations

from fastapi import Response

from imis_diaspora import API_PREFIX
from imis_diaspora.access import StaffReader
from imis_diaspora.members.dependencies import OwnMemberRow
from imis_diaspora.offers import repository, service
from imis_diaspora.offers.dependencies import OwnOffer
from imis_diaspora.offers.models import OfferType, WorkMode
from imis_diaspora.offers.repository import OfferFilter
from imis_diaspora.offers.schemas import OfferCreate, OfferOut, OfferUpdate, OfferWithMember
from imis_diaspora.offers.views import offer_out, offer_with_member
from imis_diaspora.reference import Sector
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, CurrencyCode

router = api_router(prefix=API_PREFIX, tags=["offers"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "/members/me/offers",
    response_model=OfferOut,
    status_code=201,
    summary="Offer a contribution.",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def create_my_offer(body: OfferCreate, member: OwnMemberRow, session: SessionDep) -> OfferOut:
    """Registered `diaspora_member` users. Investments and donations state an amount range and
    currency; other types must not."""
    return offer_out(await service.create(session, member, body))


@router.get("/members/me/offers", response_model=Page[OfferOut], summary="My offers.", responses=ERRORS)
async def list_my_offers(member: OwnMemberRow, session: SessionDep, page: PageParamsDep) -> Page[OfferOut]:
    """Registered `diaspora_member` users: their own offers, newest first."""
    rows, total = await repository.search(session, OfferFilter(member_id=member.id), page)
    return Page(items=[offer_out(o) for o, _ in rows], total=total, limit=page.limit, offset=page.offset)


@router.patch(
    "/offers/{offer_id}",
    response_model=OfferOut,
    summary="Change my offer.",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def update_offer(body: OfferUpdate, offer: OwnOffer, session: SessionDep) -> OfferOut:
    """The `diaspora_member` who made the offer; anyone else gets 404."""
    return offer_out(await service.update(session, offer, body))


@router.delete("/offers/{offer_id}", status_code=204, summary="Withdraw my offer.", responses=ERRORS)
async def delete_offer(offer: OwnOffer, session: SessionDep) -> Response:
    """The `diaspora_member` who made the offer."""
    await service.withdraw(session, offer)
    return Response(status_code=204)


@router.get("/offers", response_model=Page[OfferWithMember], summary="List offers.", responses=ERRORS)
async def list_offers(
    staff: StaffReader,
    session: SessionDep,
    page: PageParamsDep,
    type: OfferType | None = None,
    sector: Sector | None = None,
    mode: WorkMode | None = None,
    currency: CurrencyCode | None = None,
    residence_country: CountryCode | None = None,
) -> Page[OfferWithMember]:
    """Officers, admins and machine clients with `diaspora:read`; newest first."""
    where = OfferFilter(
        type=type, sector=sector, mode=mode, currency=currency, residence_country=residence_country
    )
    rows, total = await repository.search(session, where, page)
    items = [offer_with_member(o, m) for o, m in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)
