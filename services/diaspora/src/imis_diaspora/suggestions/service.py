"""Ranking the members who fit a project: the candidates from the database, scored and ordered."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member
from imis_diaspora.projects.models import Project
from imis_diaspora.reference import Esco
from imis_diaspora.suggestions import repository
from imis_diaspora.suggestions.scoring import Fit, Offered, Sought, fit


async def ranked(session: AsyncSession, project: Project, esco: Esco) -> list[tuple[Member, Fit]]:
    """Every consenting member who scores above zero, best fit first, then by name."""
    sought = Sought(
        skills=frozenset(s.skill_id for s in project.skills),
        occupation_id=project.occupation_id,
        isco_code=project.isco_code,
        sector=project.sector.value,
    )
    labels = {skill: esco.skills[skill].label for skill in sought.skills}
    found = []
    for member in await repository.candidates(session, sought):
        offered = Offered(
            skills=frozenset(s.skill_id for s in member.skills),
            occupation_id=member.occupation_id,
            isco_code=member.isco_code,
            sector=member.sector.value if member.sector else None,
        )
        result = fit(sought, offered, labels)
        if result.score > 0:
            found.append((member, result))
    found.sort(key=lambda pair: (-pair[1].score, pair[0].full_name, pair[0].id))
    return found
