"""Members suggested for a project, best fit first, with the reasons."""

from __future__ import annotations

import uuid

from pydantic import BaseModel

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer
from imis_diaspora.projects.router import LoadedProject
from imis_diaspora.reference import EscoDep
from imis_diaspora.suggestions import repository
from imis_diaspora.suggestions.scoring import Offered, Sought, fit
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep

router = api_router(prefix=API_PREFIX, tags=["suggestions"])


class Suggestion(BaseModel):
    member_id: uuid.UUID
    full_name: str
    residence_country: str
    score: float
    components: dict[str, float]
    reasons: list[str]


@router.get(
    "/projects/{project_id}/suggested-members",
    response_model=Page[Suggestion],
    summary="Members who fit a project.",
    responses=problem_responses(401, 403, 404),
)
async def suggested_members(
    project: LoadedProject, officer: Officer, session: SessionDep, esco: EscoDep, page: PageParamsDep
) -> Page[Suggestion]:
    """Officers and admins. Only members who consented to project suggestions; ranked by the
    score of docs/diaspora.md (skills, occupation, sector), then by name."""
    sought = Sought(
        skills=frozenset(s.skill_id for s in project.skills),
        occupation_id=project.occupation_id,
        isco_code=project.isco_code,
        sector=project.sector.value,
    )
    labels = {skill: esco.skills[skill].label for skill in sought.skills}
    ranked = []
    for member in await repository.candidates(session, sought):
        offered = Offered(
            skills=frozenset(s.skill_id for s in member.skills),
            occupation_id=member.occupation_id,
            isco_code=member.isco_code,
            sector=member.sector.value if member.sector else None,
        )
        result = fit(sought, offered, labels)
        if result.score > 0:
            ranked.append((member, result))
    ranked.sort(key=lambda pair: (-pair[1].score, pair[0].full_name, pair[0].id))
    window = ranked[page.offset : page.offset + page.limit]
    items = [
        Suggestion(
            member_id=m.id,
            full_name=m.full_name,
            residence_country=m.residence_country,
            score=f.score,
            components=f.components,
            reasons=f.reasons,
        )
        for m, f in window
    ]
    return Page(items=items, total=len(ranked), limit=page.limit, offset=page.offset)
