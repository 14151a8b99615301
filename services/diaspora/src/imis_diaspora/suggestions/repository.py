"""The candidates for a project: consenting members who share at least something it seeks."""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_diaspora.members.models import Member, MemberSkill
from imis_diaspora.suggestions.scoring import Sought


async def candidates(session: AsyncSession, sought: Sought) -> list[Member]:
    """Members who consented to suggestions and could score above zero; everyone else is left
    out in the database (a member scores only through a shared skill, an ISCO sub-major group or
    the sector)."""
    could_fit = [Member.sector == sought.sector]
    if sought.skills:
        could_fit.append(
            exists().where(
                MemberSkill.member_id == Member.id, MemberSkill.skill_id.in_(sorted(sought.skills))
            )
        )
    if sought.occupation_id and sought.isco_code:
        could_fit.append(Member.isco_code.startswith(sought.isco_code[:2]))
    statement = (
        select(Member)
        .where(Member.suggestion_consent.is_(True), or_(*could_fit))
        .options(selectinload(Member.skills))
        .order_by(Member.id)
    )
    return list((await session.scalars(statement)).all())
