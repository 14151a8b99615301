"""Offer rules: money only on investments and donations, coherent ranges and dates."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member
from imis_diaspora.offers.models import MONEY_TYPES, ContributionOffer, OfferType
from imis_diaspora.offers.schemas import OfferCreate, OfferUpdate
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, ValidationFailed, body_error

FIELDS = (
    "type",
    "sector",
    "description",
    "available_from",
    "available_until",
    "mode",
    "days",
    "amount_min",
    "amount_max",
    "currency",
)


def check(offer: dict[str, Any]) -> list[FieldError]:
    errors: list[FieldError] = []
    money = OfferType(offer["type"]) in MONEY_TYPES
    if money:
        for key in ("amount_min", "amount_max", "currency"):
            if offer.get(key) is None:
                errors.append(body_error(key, "is required for investments and donations", "missing"))
    else:
        for key in ("amount_min", "amount_max", "currency"):
            if offer.get(key) is not None:
                errors.append(body_error(key, "is only for investments and donations", "not_allowed"))
    low, high = offer.get("amount_min"), offer.get("amount_max")
    if low is not None and high is not None and high < low:
        errors.append(body_error("amount_max", "is below amount_min", "range"))
    start, end = offer.get("available_from"), offer.get("available_until")
    if start is not None and end is not None and end < start:
        errors.append(body_error("available_until", "is before available_from", "range"))
    return errors


async def create(session: AsyncSession, member: Member, data: OfferCreate) -> ContributionOffer:
    values = data.model_dump()
    errors = check(values)
    if errors:
        raise ValidationFailed("The offer is not valid.", errors=errors)
    offer = ContributionOffer(member_id=member.id, **values)
    session.add(offer)
    await session.flush()
    return offer


async def update(session: AsyncSession, offer: ContributionOffer, data: OfferUpdate) -> ContributionOffer:
    changes = data.model_dump(exclude_unset=True)  # null only where OfferUpdate.clearable allows
    merged = {key: getattr(offer, key) for key in FIELDS} | changes
    errors = check(merged)
    if errors:
        raise ValidationFailed("The offer is not valid.", errors=errors)
    for key, value in changes.items():
        setattr(offer, key, value)
    offer.updated_at = utcnow()
    await session.flush()
    return offer


async def withdraw(session: AsyncSession, offer: ContributionOffer) -> None:
    await session.delete(offer)
    await session.flush()
