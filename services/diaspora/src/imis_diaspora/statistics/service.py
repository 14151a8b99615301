"""Statistics: member tables with small-cell suppression; project and pledge totals."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.projects.models import COUNTED, PledgeKind, PledgeStatus, ProjectStatus
from imis_diaspora.statistics import repository
from imis_diaspora.statistics.schemas import (
    Cell,
    Dimension,
    MemberTable,
    ProjectSummary,
    SectorTotals,
    SubdivisionTotals,
)
from imis_shared.suppression import Key, suppress

UNKNOWN = "unknown"
PERIOD_YEARS = 5


def category(dimension: Dimension, value: Any) -> str:
    if value is None or value == "":
        return UNKNOWN
    if dimension is Dimension.EMIGRATION_PERIOD:
        start = int(value) - int(value) % PERIOD_YEARS
        return f"{start}-{start + PERIOD_YEARS - 1}"
    return str(value)


def table(dimensions: list[Dimension], counts: dict[Key, int], k: int) -> MemberTable:
    hidden = suppress(counts, len(dimensions), k)
    names = [d.value for d in dimensions]

    def cell(key: dict[str, str], count: int, suppressed: bool) -> Cell:
        return Cell(key=key, count=None if suppressed else count, suppressed=suppressed)

    cells = [
        cell(dict(zip(names, key, strict=True)), count, key in hidden.cells)
        for key, count in sorted(counts.items())
        if count > 0
    ]
    margins: dict[str, list[Cell]] = {}
    if len(dimensions) > 1:
        for index, name in enumerate(names):
            sums: dict[str, int] = defaultdict(int)
            for key, count in counts.items():
                sums[key[index]] += count
            margins[name] = [
                cell({name: value}, count, value in hidden.margins[index])
                for value, count in sorted(sums.items())
            ]
    total = cell({}, sum(counts.values()), hidden.total)
    return MemberTable(group_by=dimensions, min_cell=k, cells=cells, margins=margins, total=total)


async def member_table(session: AsyncSession, dimensions: list[Dimension], k: int) -> MemberTable:
    counts: dict[Key, int] = defaultdict(int)
    for values, count in await repository.member_counts(session, [d.value for d in dimensions]):
        key = tuple(category(d, v) for d, v in zip(dimensions, values, strict=True))
        counts[key] += count
    return table(dimensions, dict(counts), k)


def _empty() -> dict[str, Any]:
    return {
        "projects": 0,
        "projects_by_status": {},
        "pledges": 0,
        "confirmed_by_currency": {},
        "expertise_days": 0,
        "volunteer_days": 0,
    }


async def project_summary(session: AsyncSession) -> ProjectSummary:
    by: dict[str, dict[str, dict[str, Any]]] = {
        "sector": defaultdict(_empty),
        "subdivision": defaultdict(_empty),
    }
    for sector, subdivision, project_status, count in await repository.project_counts(session):
        if project_status is ProjectStatus.DRAFT:
            continue
        for group in (by["sector"][sector], by["subdivision"][subdivision]):
            group["projects"] += count
            by_status = group["projects_by_status"]
            by_status[project_status.value] = by_status.get(project_status.value, 0) + count
    for sector, subdivision, kind, status, currency, count, amount, days in await repository.pledge_sums(
        session
    ):
        if status is PledgeStatus.CANCELLED:
            continue
        for group in (by["sector"][sector], by["subdivision"][subdivision]):
            group["pledges"] += count
            if kind is PledgeKind.MONEY and status in COUNTED and currency:
                money = group["confirmed_by_currency"]
                money[currency] = money.get(currency, Decimal(0)) + Decimal(amount or 0)
            elif kind is PledgeKind.EXPERTISE:
                group["expertise_days"] += int(days or 0)
            elif kind is PledgeKind.VOLUNTEERING:
                group["volunteer_days"] += int(days or 0)
    return ProjectSummary(
        by_sector=[SectorTotals(sector=key, **value) for key, value in sorted(by["sector"].items())],
        by_subdivision=[
            SubdivisionTotals(subdivision=key, **value) for key, value in sorted(by["subdivision"].items())
        ],
    )
