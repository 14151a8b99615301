"""Counting queries for statistics: members who consented, projects and pledges."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member
from imis_diaspora.projects.models import Pledge, PledgeKind, PledgeStatus, Project, ProjectStatus

COLUMNS: dict[str, Any] = {
    "country_of_residence": Member.residence_country,
    "isco_major_group": func.substr(Member.isco_code, 1, 1),
    "sector": Member.sector,
    "education_level": Member.education_level,
    "emigration_period": Member.emigration_year,
}


async def member_counts(session: AsyncSession, dimensions: list[str]) -> list[tuple[list[Any], int]]:
    """Counts of members who consented to statistics, per combination of raw dimension values."""
    columns = [COLUMNS[name] for name in dimensions]
    statement = select(*columns, func.count()).where(Member.statistics_consent.is_(True)).group_by(*columns)
    return [(list(row[:-1]), int(row[-1])) for row in (await session.execute(statement)).all()]


async def project_counts(session: AsyncSession) -> list[tuple[str, str, ProjectStatus, int]]:
    statement = select(Project.sector, Project.subdivision, Project.status, func.count()).group_by(
        Project.sector, Project.subdivision, Project.status
    )
    return [(str(a), b, c, int(n)) for a, b, c, n in (await session.execute(statement)).all()]


async def pledge_sums(
    session: AsyncSession,
) -> list[tuple[str, str, PledgeKind, PledgeStatus, str | None, int, Decimal | None, int | None]]:
    statement = (
        select(
            Project.sector,
            Project.subdivision,
            Pledge.kind,
            Pledge.status,
            Pledge.currency,
            func.count(),
            func.sum(Pledge.amount),
            func.sum(Pledge.days),
        )
        .join(Project, Project.id == Pledge.project_id)
        .group_by(Project.sector, Project.subdivision, Pledge.kind, Pledge.status, Pledge.currency)
    )
    return [(str(r[0]), *r[1:]) for r in (await session.execute(statement)).all()]  # type: ignore[misc]
