"""Welfare statistics for the ministry: cases by category, country, employer and status with small
cells suppressed (``imis_shared.suppression``, the diaspora statistics' table shape), and the
median hours to a first response and to a resolution, not shown when fewer than k cases are
behind them."""

from __future__ import annotations

import statistics
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.welfare import repository
from imis_jobs.welfare.schemas import WelfareCaseTable, WelfareCell, WelfareDuration, WelfareStatistics
from imis_shared.suppression import suppress

NONE = "none"


def table(dimension: str, counts: dict[str, int], k: int) -> WelfareCaseTable:
    """A one-way table of ``counts`` with the cells and total below ``k`` (and any that would give
    them away) suppressed."""
    hidden = suppress({(key,): count for key, count in counts.items()}, 1, k)

    def cell(key: dict[str, str], count: int, suppressed: bool) -> WelfareCell:
        return WelfareCell(key=key, count=None if suppressed else count, suppressed=suppressed)

    cells = [
        cell({dimension: key}, count, (key,) in hidden.cells)
        for key, count in sorted(counts.items())
        if count > 0
    ]
    total = cell({}, sum(counts.values()), hidden.total)
    return WelfareCaseTable(group_by=[dimension], min_cell=k, cells=cells, margins={}, total=total)


def duration(spans: list[tuple[datetime, datetime]], k: int) -> WelfareDuration:
    """The median of ``spans`` in hours; suppressed when fewer than ``k`` (but some) are measured."""
    if not spans:
        return WelfareDuration(cases=0, median_hours=None, suppressed=False)
    if len(spans) < k:
        return WelfareDuration(cases=None, median_hours=None, suppressed=True)
    hours = [(end - start).total_seconds() / 3600 for start, end in spans]
    return WelfareDuration(
        cases=len(spans), median_hours=round(statistics.median(hours), 1), suppressed=False
    )


async def welfare_statistics(session: AsyncSession, k: int) -> WelfareStatistics:
    tables: dict[str, WelfareCaseTable] = {}
    for dimension in ("category", "country", "employer", "status"):
        counts = await repository.counts_by(session, dimension)
        tables[dimension] = table(
            dimension, {(str(key) if key is not None else NONE): count for key, count in counts.items()}, k
        )
    return WelfareStatistics(
        min_cell=k,
        by_category=tables["category"],
        by_country=tables["country"],
        by_employer=tables["employer"],
        by_status=tables["status"],
        first_response=duration(await repository.response_times(session), k),
        resolution=duration(await repository.resolution_times(session), k),
    )
