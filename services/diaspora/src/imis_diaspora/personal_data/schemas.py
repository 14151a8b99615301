"""The response body of a member's data export."""

from __future__ import annotations

from pydantic import BaseModel, Field

from imis_diaspora.members.schemas import ConsentEventOut, MemberOut
from imis_diaspora.offers.schemas import OfferOut
from imis_diaspora.organisations.schemas import OrganisationOut
from imis_diaspora.pledges.schemas import PledgeOut


class MemberExport(BaseModel):
    member: MemberOut
    consent_history: list[ConsentEventOut] = Field(description="Every consent answer, oldest first.")
    offers: list[OfferOut]
    organisations: list[OrganisationOut]
    pledges: list[PledgeOut]
