"""How a member's data export is shown: each part as its own package shows it."""

from __future__ import annotations

from imis_diaspora.members.models import Member
from imis_diaspora.members.views import consent_event_out, member_out
from imis_diaspora.offers.views import offer_out
from imis_diaspora.organisations.views import organisation_out
from imis_diaspora.personal_data.schemas import MemberExport
from imis_diaspora.personal_data.service import Held
from imis_diaspora.pledges.views import pledge_out
from imis_diaspora.reference import Esco


def member_export(member: Member, held: Held, esco: Esco) -> MemberExport:
    return MemberExport(
        member=member_out(member, esco),
        consent_history=[consent_event_out(e) for e in held.consent_history],
        offers=[offer_out(o) for o in held.offers],
        organisations=[organisation_out(o) for o in held.organisations],
        pledges=[pledge_out(p) for p in held.pledges],
    )
