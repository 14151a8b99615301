"""What offer routes depend on: the caller's own offer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_diaspora.members.dependencies import OwnMemberRow
from imis_diaspora.offers import repository
from imis_diaspora.offers.models import ContributionOffer
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def own_offer(offer_id: uuid.UUID, member: OwnMemberRow, session: SessionDep) -> ContributionOffer:
    offer = await repository.by_id(session, offer_id)
    if offer is None or offer.member_id != member.id:
        raise NotFound("You have no such offer.")
    return offer


OwnOffer = Annotated[ContributionOffer, Depends(own_offer)]
