"""A member's copy of everything the diaspora service holds about them (the right of access)."""

from __future__ import annotations

from imis_diaspora import API_PREFIX
from imis_diaspora.members.dependencies import OwnMember
from imis_diaspora.personal_data import service
from imis_diaspora.personal_data.schemas import MemberExport
from imis_diaspora.personal_data.views import member_export
from imis_diaspora.reference import EscoDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["members"])


@router.get(
    "/members/me/export",
    response_model=MemberExport,
    summary="Everything held about me.",
    responses=problem_responses(401, 403, 404),
)
async def export_my_member_data(member: OwnMember, session: SessionDep, esco: EscoDep) -> MemberExport:
    """`diaspora_member` users: their record, consent history, offers, organisations and pledges
    (the right of access; `DELETE /members/me` is the right to erasure)."""
    return member_export(member, await service.held_about(session, member.id), esco)
