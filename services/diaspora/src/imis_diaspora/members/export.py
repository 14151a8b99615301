"""A member's copy of everything the diaspora service holds about them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from imis_diaspora import API_PREFIX
from imis_diaspora.members import repository
from imis_diaspora.members.dependencies import OwnMember
from imis_diaspora.members.schemas import ConsentEventOut, MemberOut
from imis_diaspora.members.views import member_out
from imis_diaspora.offers import repository as offers
from imis_diaspora.offers.schemas import OfferOut
from imis_diaspora.organisations import repository as organisations
from imis_diaspora.organisations.schemas import OrganisationOut
from imis_diaspora.pledges import repository as pledges
from imis_diaspora.pledges.schemas import PledgeOut
from imis_diaspora.reference import EscoDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["members"])


class MemberExport(BaseModel):
    member: MemberOut
    consent_history: list[ConsentEventOut] = Field(description="Every consent answer, oldest first.")
    offers: list[OfferOut]
    organisations: list[OrganisationOut]
    pledges: list[PledgeOut]


@router.get(
    "/members/me/export",
    response_model=MemberExport,
    summary="Everything held about me.",
    responses=problem_responses(401, 403, 404),
)
async def export_own_data(member: OwnMember, session: SessionDep, esco: EscoDep) -> MemberExport:
    """`diaspora_member` users: their record, consent history, offers, organisations and pledges
    (the right of access; `DELETE /members/me` is the right to erasure)."""
    return MemberExport(
        member=member_out(member, esco),
        consent_history=[
            ConsentEventOut.model_validate(e, from_attributes=True)
            for e in await repository.consent_history(session, member.id)
        ],
        offers=[
            OfferOut.model_validate(o, from_attributes=True)
            for o in await offers.of_member(session, member.id)
        ],
        organisations=[
            OrganisationOut.model_validate(o, from_attributes=True)
            for o in await organisations.of_member(session, member.id)
        ],
        pledges=[
            PledgeOut.model_validate(p, from_attributes=True)
            for p in await pledges.of_member(session, member.id)
        ],
    )
