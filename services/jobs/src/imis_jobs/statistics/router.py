"""Statistics for the ministry: vacancies, applications and placements."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel
from sqlalchemy import func, select

from imis_jobs import API_PREFIX
from imis_jobs.applications.models import Application, ApplicationStatus
from imis_jobs.employers.dependencies import READ_SCOPE
from imis_jobs.programmes.models import Programme
from imis_jobs.taxonomy.models import Occupation
from imis_jobs.vacancies.models import Vacancy, VacancyStatus
from imis_shared.app import api_router
from imis_shared.auth import STAFF_ROLES, Principal, require_roles_or_scopes
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses

router = api_router(prefix=API_PREFIX, tags=["statistics"])
ERRORS = problem_responses(401, 403)
Staff = Annotated[Principal, Depends(require_roles_or_scopes(STAFF_ROLES, [READ_SCOPE]))]
PLACED = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.VISA_ISSUED,
    ApplicationStatus.DEPARTED,
    ApplicationStatus.RETURNED,
)


class VacancyCell(BaseModel):
    destination_country: str
    isco_major_group: str
    vacancies: int
    positions: int


class ProgrammePlacements(BaseModel):
    programme_id: uuid.UUID
    name: str
    quota: int
    quota_used: int
    placements: int
    departed: int


class Statistics(BaseModel):
    vacancies: list[VacancyCell]
    applications_by_status: dict[str, int]
    placements_by_programme: list[ProgrammePlacements]


@router.get(
    "/statistics",
    response_model=Statistics,
    summary="Vacancies, applications and placements.",
    responses=ERRORS,
)
async def statistics(staff: Staff, session: SessionDep) -> Statistics:
    """Officers, admins and machine clients with `jobs:read`. Vacancies count once published
    (drafts are left out); placements are applications that reached `accepted` or beyond."""
    major = func.substr(Occupation.isco_code, 1, 1)
    vacancy_rows = await session.execute(
        select(Vacancy.destination_country, major, func.count(), func.sum(Vacancy.positions))
        .join(Occupation, Occupation.id == Vacancy.occupation_id)
        .where(Vacancy.status != VacancyStatus.DRAFT)
        .group_by(Vacancy.destination_country, major)
        .order_by(Vacancy.destination_country, major)
    )
    status_rows = await session.execute(select(Application.status, func.count()).group_by(Application.status))
    placed = func.count(Application.id).filter(Application.status.in_(PLACED))
    departed = func.count(Application.id).filter(
        Application.status.in_((ApplicationStatus.DEPARTED, ApplicationStatus.RETURNED))
    )
    programme_rows = await session.execute(
        select(Programme.id, Programme.name, Programme.quota, Programme.quota_used, placed, departed)
        .outerjoin(Vacancy, Vacancy.programme_id == Programme.id)
        .outerjoin(Application, Application.vacancy_id == Vacancy.id)
        .group_by(Programme.id, Programme.name, Programme.quota, Programme.quota_used)
        .order_by(Programme.name, Programme.id)
    )
    by_status = {status.value: 0 for status in ApplicationStatus}
    by_status.update({str(status): count for status, count in status_rows.all()})
    return Statistics(
        vacancies=[
            VacancyCell(destination_country=c, isco_major_group=g, vacancies=n, positions=int(p or 0))
            for c, g, n, p in vacancy_rows.all()
        ],
        applications_by_status=by_status,
        placements_by_programme=[
            ProgrammePlacements(programme_id=i, name=n, quota=q, quota_used=u, placements=p, departed=d)
            for i, n, q, u, p, d in programme_rows.all()
        ],
    )
