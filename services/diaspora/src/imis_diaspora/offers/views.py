"""How a contribution offer is shown: to the member who made it, and to staff with its member."""

from __future__ import annotations

from imis_diaspora.members.models import Member
from imis_diaspora.offers.models import ContributionOffer
from imis_diaspora.offers.schemas import OfferOut, OfferWithMember


def offer_out(offer: ContributionOffer) -> OfferOut:
    return OfferOut.model_validate(offer, from_attributes=True)


def offer_with_member(offer: ContributionOffer, member: Member) -> OfferWithMember:
    return OfferWithMember(
        **offer_out(offer).model_dump(),
        member_name=member.full_name,
        residence_country=member.residence_country,
    )
