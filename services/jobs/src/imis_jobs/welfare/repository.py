"""Queries on welfare cases: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.welfare.models import (
    WelfareCase,
    WelfareCaseEntry,
    WelfareCaseStatus,
    WelfareCategory,
    WelfareOrigin,
    WelfareVisibility,
)
from imis_jobs.welfare.workflow import ACTIVE, CLOSED
from imis_shared.pagination import PageParams, paginate


@dataclass(frozen=True)
class CaseFilter:
    status: WelfareCaseStatus | None = None
    category: WelfareCategory | None = None
    country: str | None = None
    employer_id: uuid.UUID | None = None
    assigned_to: str | None = None
    overdue: bool = False


def overdue(now: datetime) -> ColumnElement[bool]:
    """Cases no officer has responded to whose first response was due before ``now``."""
    return and_(WelfareCase.first_responded_at.is_(None), WelfareCase.first_response_due_at < now)


async def get(session: AsyncSession, case_id: uuid.UUID) -> WelfareCase | None:
    return await session.get(WelfareCase, case_id)


async def search(
    session: AsyncSession, where: CaseFilter, now: datetime, params: PageParams
) -> tuple[list[WelfareCase], int]:
    """Cases matching ``where``: the latest first, or (overdue ones) the longest overdue first."""
    statement = select(WelfareCase)
    for column, value in (
        (WelfareCase.status, where.status),
        (WelfareCase.category, where.category),
        (WelfareCase.country, where.country),
        (WelfareCase.employer_id, where.employer_id),
        (WelfareCase.assigned_to, where.assigned_to),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if where.overdue:
        statement = statement.where(overdue(now)).order_by(WelfareCase.first_response_due_at, WelfareCase.id)
    else:
        statement = statement.order_by(WelfareCase.created_at.desc(), WelfareCase.id)
    return await paginate(session, statement, params)


async def followed_by(
    session: AsyncSession, user_id: str, seeker_id: uuid.UUID | None, params: PageParams
) -> tuple[list[WelfareCase], int]:
    """The cases ``user_id`` reported, and those naming their profile ``seeker_id``; latest first."""
    mine = WelfareCase.reporter_id == user_id
    if seeker_id is not None:
        mine = or_(mine, WelfareCase.seeker_id == seeker_id)
    statement = select(WelfareCase).where(mine).order_by(WelfareCase.created_at.desc(), WelfareCase.id)
    return await paginate(session, statement, params)


async def against(
    session: AsyncSession, employer_id: uuid.UUID, params: PageParams
) -> tuple[list[WelfareCase], int]:
    """The cases against an employer that its members may know of: those the worker agreed to share
    with it, and those the ministry has closed. An open case stays unseen, so the employer cannot
    work out from a new case (and from which of its few workers it may be) who complained."""
    statement = (
        select(WelfareCase)
        .where(
            WelfareCase.employer_id == employer_id,
            or_(WelfareCase.identity_shared_with_employer, WelfareCase.status.in_(CLOSED)),
        )
        .order_by(WelfareCase.created_at.desc(), WelfareCase.id)
    )
    return await paginate(session, statement, params)


async def entries(
    session: AsyncSession, case_id: uuid.UUID, *, shared_only: bool
) -> Sequence[WelfareCaseEntry]:
    """A case's notes and messages, oldest first; with ``shared_only`` no internal note."""
    statement = select(WelfareCaseEntry).where(WelfareCaseEntry.case_id == case_id)
    if shared_only:
        statement = statement.where(WelfareCaseEntry.visibility == WelfareVisibility.SHARED)
    statement = statement.order_by(WelfareCaseEntry.created_at, WelfareCaseEntry.id)
    return (await session.scalars(statement)).all()


DIMENSIONS: dict[str, Any] = {
    "category": WelfareCase.category,
    "country": WelfareCase.country,
    "employer": WelfareCase.employer_id,
    "status": WelfareCase.status,
}


async def counts_by(
    session: AsyncSession, dimension: str, employer_id: uuid.UUID | None = None
) -> dict[Any, int]:
    """Cases counted by ``dimension`` (a key of ``DIMENSIONS``), of one employer when given."""
    column = DIMENSIONS[dimension]
    statement = select(column, func.count()).group_by(column)
    if employer_id is not None:
        statement = statement.where(WelfareCase.employer_id == employer_id)
    return {value: int(count) for value, count in (await session.execute(statement)).all()}


async def employer_totals(session: AsyncSession, employer_id: uuid.UUID) -> tuple[int, int, int, int]:
    """(cases, active ones, substantiated ones, those that suspended it) against ``employer_id``."""
    statement = select(
        func.count(),
        func.count().filter(WelfareCase.status.in_(ACTIVE)),
        func.count().filter(WelfareCase.status.in_(CLOSED), WelfareCase.substantiated.is_(True)),
        func.count().filter(WelfareCase.employer_suspended_at.is_not(None)),
    ).where(WelfareCase.employer_id == employer_id)
    row = (await session.execute(statement)).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


async def response_times(session: AsyncSession) -> list[tuple[datetime, datetime]]:
    """(opened, first responded) of every case an officer responded to."""
    statement = select(WelfareCase.created_at, WelfareCase.first_responded_at).where(
        WelfareCase.first_responded_at.is_not(None)
    )
    return [
        (opened, responded) for opened, responded in (await session.execute(statement)).all() if responded
    ]


async def resolution_times(session: AsyncSession) -> list[tuple[datetime, datetime]]:
    """(opened, closed) of every case resolved or closed unresolved."""
    statement = select(WelfareCase.created_at, WelfareCase.closed_at).where(
        WelfareCase.closed_at.is_not(None)
    )
    return [(opened, closed) for opened, closed in (await session.execute(statement)).all() if closed]


async def forget_person(session: AsyncSession, user_id: str, seeker_id: uuid.UUID | None) -> None:
    """A deleted account: who reported a case and how to reach the worker are forgotten; the case
    itself (category, country, employer, status and dates) stays, as it counts against the employer.

    The person is the worker of the cases naming their profile and of those they opened for
    themselves, also when no profile links those (none when they reported, or one erased since)."""
    about_them = and_(WelfareCase.reporter_id == user_id, WelfareCase.origin == WelfareOrigin.WORKER)
    if seeker_id is not None:
        about_them = or_(about_them, WelfareCase.seeker_id == seeker_id)
    await session.execute(
        update(WelfareCase)
        .where(about_them)
        .values(worker_name=None, worker_contact=None, reporter_relationship=None)
    )
    await session.execute(
        update(WelfareCase)
        .where(WelfareCase.reporter_id == user_id)
        .values(reporter_id=None, reporter_relationship=None)
    )
