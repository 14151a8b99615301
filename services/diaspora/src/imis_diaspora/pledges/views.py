"""How a pledge is shown."""

from __future__ import annotations

from imis_diaspora.pledges.schemas import PledgeOut
from imis_diaspora.projects.models import Pledge


def pledge_out(pledge: Pledge) -> PledgeOut:
    return PledgeOut.model_validate(pledge, from_attributes=True)
