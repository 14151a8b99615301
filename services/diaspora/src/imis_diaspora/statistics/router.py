"""Statistics endpoints: the ministry's view of its nationals abroad, and of projects."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from imis_diaspora import API_PREFIX
from imis_diaspora.access import StaffReader
from imis_diaspora.config import SettingsDep
from imis_diaspora.statistics import service
from imis_diaspora.statistics.schemas import Dimension, MemberTable, ProjectSummary
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import FieldError, ValidationFailed, problem_responses

router = api_router(prefix=f"{API_PREFIX}/statistics", tags=["statistics"])
ERRORS = problem_responses(401, 403, 422)


@router.get(
    "/members", response_model=MemberTable, summary="Members by one or two dimensions.", responses=ERRORS
)
async def get_member_statistics(
    staff: StaffReader,
    session: SessionDep,
    settings: SettingsDep,
    group_by: Annotated[list[Dimension], Query(min_length=1, max_length=2)],
) -> MemberTable:
    """Officers, admins and machine clients with `diaspora:read`. Counts only members who
    consented to statistics. Counts below `IMIS_DIASPORA_STATISTICS_MIN_CELL` (k, default 5)
    are suppressed, and so are as many others as it takes for none to be recovered from a row,
    column or grand total. `emigration_period` groups years in five-year bands."""
    if len(set(group_by)) != len(group_by):
        message = "names the same dimension twice"
        raise ValidationFailed(
            "Group by two different dimensions.",
            errors=[FieldError(field="group_by", location="query", message=message, type="duplicate")],
        )
    return await service.member_table(session, group_by, settings.statistics_min_cell)


@router.get(
    "/public/members-by-country",
    response_model=MemberTable,
    summary="Members by country of residence (public).",
)
async def get_public_member_statistics(session: SessionDep, settings: SettingsDep) -> MemberTable:
    """Anyone, anonymous callers included: the count of members who consented to statistics per
    country of residence, with the same suppression as the officers' tables."""
    return await service.member_table(session, [Dimension.COUNTRY_OF_RESIDENCE], settings.statistics_min_cell)


@router.get(
    "/projects",
    response_model=ProjectSummary,
    summary="Projects and pledges by sector and by subdivision.",
    responses=problem_responses(401, 403),
)
async def get_project_statistics(staff: StaffReader, session: SessionDep) -> ProjectSummary:
    """Officers, admins and machine clients with `diaspora:read`. Drafts and cancelled pledges are
    left out; money counts once confirmed, per currency."""
    return await service.project_summary(session)
