"""Statistics for the ministry: vacancies once published, applications by status, placements.

A placement is an application that reached `accepted` or beyond (abroad: departed, arrived, employed,
terminated early, or returned); the placements of workers who deleted their account count too, kept
anonymised (applications.models.ErasedPlacement).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import DEPARTED, PLACED, ApplicationStatus
from imis_jobs.statistics import repository
from imis_jobs.statistics.schemas import ProgrammePlacements, Statistics, VacancyCell


async def statistics(session: AsyncSession) -> Statistics:
    vacancy_rows = await repository.vacancy_counts(session)
    status_rows = await repository.application_counts(session)
    programme_rows = await repository.programme_placements(session, PLACED, DEPARTED)
    erased = await repository.erased_programme_placements(session, PLACED, DEPARTED)
    by_status = {status.value: 0 for status in ApplicationStatus}
    for status, count in status_rows:
        by_status[str(status)] += count
    return Statistics(
        vacancies=[
            VacancyCell(destination_country=c, isco_major_group=g, vacancies=n, positions=int(p or 0))
            for c, g, n, p in vacancy_rows
        ],
        applications_by_status=by_status,
        placements_by_programme=[
            ProgrammePlacements(
                programme_id=i,
                name=n,
                quota=q,
                quota_used=u,
                placements=p + erased.get(i, (0, 0))[0],
                departed=d + erased.get(i, (0, 0))[1],
            )
            for i, n, q, u, p, d in programme_rows
        ],
    )
