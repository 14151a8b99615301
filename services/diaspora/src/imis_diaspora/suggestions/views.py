"""How a suggested member is shown: who they are and why they fit."""

from __future__ import annotations

from imis_diaspora.members.models import Member
from imis_diaspora.suggestions.schemas import Suggestion
from imis_diaspora.suggestions.scoring import Fit


def suggestion(member: Member, result: Fit) -> Suggestion:
    return Suggestion(
        member_id=member.id,
        full_name=member.full_name,
        residence_country=member.residence_country,
        score=result.score,
        components=result.components,
        reasons=result.reasons,
    )
