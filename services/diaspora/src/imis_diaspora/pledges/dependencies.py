"""What pledge routes depend on: a pledge by id, and the caller's own pledge."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends

from imis_diaspora.members.dependencies import OwnMemberRow
from imis_diaspora.pledges import repository
from imis_diaspora.projects.models import Pledge
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound


async def load_pledge(pledge_id: uuid.UUID, session: SessionDep) -> Pledge:
    pledge = await repository.by_id(session, pledge_id)
    if pledge is None:
        raise NotFound("No such pledge.")
    return pledge


async def own_pledge(pledge_id: uuid.UUID, member: OwnMemberRow, session: SessionDep) -> Pledge:
    pledge = await repository.by_id(session, pledge_id)
    if pledge is None or pledge.member_id != member.id:
        raise NotFound("You have no such pledge.")
    return pledge


LoadedPledge = Annotated[Pledge, Depends(load_pledge)]
OwnPledge = Annotated[Pledge, Depends(own_pledge)]
