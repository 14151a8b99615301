"""Gathering everything the diaspora service holds about one member, from each package that holds
some of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members import repository as members
from imis_diaspora.members.models import ConsentEvent
from imis_diaspora.offers import repository as offers
from imis_diaspora.offers.models import ContributionOffer
from imis_diaspora.organisations import repository as organisations
from imis_diaspora.organisations.models import Organisation
from imis_diaspora.pledges import repository as pledges
from imis_diaspora.projects.models import Pledge


@dataclass(frozen=True)
class Held:
    """What hangs off a member record, each list oldest first (organisations by name)."""

    consent_history: list[ConsentEvent]
    offers: list[ContributionOffer]
    organisations: list[Organisation]
    pledges: list[Pledge]


async def held_about(session: AsyncSession, member_id: uuid.UUID) -> Held:
    return Held(
        consent_history=await members.consent_history(session, member_id),
        offers=await offers.of_member(session, member_id),
        organisations=await organisations.of_member(session, member_id),
        pledges=await pledges.of_member(session, member_id),
    )
