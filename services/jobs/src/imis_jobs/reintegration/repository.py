"""Queries on returns, referrals and follow-ups: the only place that builds them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Literal, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications.models import Application
from imis_jobs.reintegration.models import FollowUp, FollowUpOutcome, Referral, ReturnSkill, WorkerReturn
from imis_jobs.seekers.models import JobSeeker, SeekerOccupation
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, return_id: uuid.UUID) -> WorkerReturn | None:
    return await session.get(WorkerReturn, return_id)


async def for_application(session: AsyncSession, application_id: uuid.UUID) -> WorkerReturn | None:
    return await session.scalar(select(WorkerReturn).where(WorkerReturn.application_id == application_id))


async def main_occupation(session: AsyncSession, seeker_id: uuid.UUID) -> str | None:
    """The occupation the seeker has held longest."""
    statement = (
        select(SeekerOccupation.occupation_id)
        .where(SeekerOccupation.seeker_id == seeker_id)
        .order_by(SeekerOccupation.years.desc(), SeekerOccupation.occupation_id)
        .limit(1)
    )
    return await session.scalar(statement)


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    seeker_id: uuid.UUID | None = None,
    reason: str | None = None,
    returned_from: str | None = None,
) -> tuple[list[WorkerReturn], int]:
    """Returns, the latest first."""
    statement = select(WorkerReturn).order_by(WorkerReturn.returned_on.desc(), WorkerReturn.id)
    if seeker_id is not None:
        statement = statement.where(WorkerReturn.seeker_id == seeker_id)
    if reason is not None:
        statement = statement.where(WorkerReturn.reason == reason)
    if returned_from is not None:
        statement = statement.where(WorkerReturn.returned_from == returned_from)
    return await paginate(session, statement, params)


class Details(NamedTuple):
    """What a return's view shows besides its row, for several returns at once."""

    names: dict[uuid.UUID, str]
    skills: dict[uuid.UUID, list[str]]
    referrals: dict[uuid.UUID, list[Referral]]
    follow_ups: dict[uuid.UUID, list[FollowUp]]
    returned_as_agreed: dict[uuid.UUID, bool | None]


async def details(session: AsyncSession, returns: Sequence[WorkerReturn]) -> Details:
    """Seekers' names, skills gained, referrals, follow-ups and the placements' `returned_as_agreed`
    of ``returns``, in a fixed number of queries."""
    ids = [r.id for r in returns]
    seeker_ids = {r.seeker_id for r in returns}
    application_ids = {r.application_id for r in returns if r.application_id is not None}
    names: dict[uuid.UUID, str] = {}
    skills: dict[uuid.UUID, list[str]] = defaultdict(list)
    referrals: dict[uuid.UUID, list[Referral]] = defaultdict(list)
    follow_ups: dict[uuid.UUID, list[FollowUp]] = defaultdict(list)
    agreed: dict[uuid.UUID, bool | None] = {}
    if ids:
        rows = await session.execute(
            select(JobSeeker.id, JobSeeker.full_name).where(JobSeeker.id.in_(seeker_ids))
        )
        names = {seeker_id: name for seeker_id, name in rows}
        skills.update(await skills_of(session, ids))
        statement = select(Referral).where(Referral.return_id.in_(ids))
        for referral in await session.scalars(statement.order_by(Referral.referred_on, Referral.id)):
            referrals[referral.return_id].append(referral)
        for follow_up in await session.scalars(
            select(FollowUp).where(FollowUp.return_id.in_(ids)).order_by(FollowUp.month)
        ):
            follow_ups[follow_up.return_id].append(follow_up)
    if application_ids:
        placements = await session.execute(
            select(Application.id, Application.returned_as_agreed).where(Application.id.in_(application_ids))
        )
        agreed = {application_id: value for application_id, value in placements}
    by_return = {r.id: agreed.get(r.application_id) if r.application_id else None for r in returns}
    return Details(names, dict(skills), dict(referrals), dict(follow_ups), by_return)


async def referral(session: AsyncSession, return_id: uuid.UUID, referral_id: uuid.UUID) -> Referral | None:
    return await session.scalar(
        select(Referral).where(Referral.id == referral_id, Referral.return_id == return_id)
    )


async def follow_up(session: AsyncSession, return_id: uuid.UUID, month: int) -> FollowUp | None:
    return await session.scalar(
        select(FollowUp).where(FollowUp.return_id == return_id, FollowUp.month == month)
    )


class DueRow(NamedTuple):
    return_id: uuid.UUID
    seeker_id: uuid.UUID
    seeker_name: str
    month: int
    due_on: date


async def due_follow_ups(session: AsyncSession, until: date, params: PageParams) -> tuple[list[DueRow], int]:
    """Follow-ups not recorded and due on or before ``until``, the longest overdue first."""
    statement = (
        select(
            FollowUp.return_id, WorkerReturn.seeker_id, JobSeeker.full_name, FollowUp.month, FollowUp.due_on
        )
        .join(WorkerReturn, WorkerReturn.id == FollowUp.return_id)
        .join(JobSeeker, JobSeeker.id == WorkerReturn.seeker_id)
        .where(FollowUp.recorded_on.is_(None), FollowUp.due_on <= until)
        .order_by(FollowUp.due_on, FollowUp.return_id, FollowUp.month)
    )
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = await session.execute(statement.limit(params.limit).offset(params.offset))
    return [DueRow._make(row) for row in rows], int(total or 0)


class PoolRow(NamedTuple):
    return_id: uuid.UUID
    seeker_id: uuid.UUID
    name: str
    occupation_id: str | None
    returned_from: str
    returned_on: date
    returned_as_agreed: bool | None


_POOL = (
    select(
        WorkerReturn.id,
        WorkerReturn.seeker_id,
        JobSeeker.full_name,
        WorkerReturn.occupation_id,
        WorkerReturn.returned_from,
        WorkerReturn.returned_on,
        Application.returned_as_agreed,
    )
    .join(JobSeeker, JobSeeker.id == WorkerReturn.seeker_id)
    .outerjoin(Application, Application.id == WorkerReturn.application_id)
    .where(WorkerReturn.joins_returnee_pool.is_(True))
    .order_by(WorkerReturn.returned_on.desc(), WorkerReturn.id)
)


async def pool(
    session: AsyncSession,
    params: PageParams,
    *,
    skill_id: str | None = None,
    occupation_id: str | None = None,
    returned_from: str | None = None,
) -> tuple[list[PoolRow], int]:
    """Returns whose worker consented to the pool, the latest first, as rows with no contact details."""
    statement = _POOL
    if skill_id is not None:
        statement = statement.where(
            WorkerReturn.id.in_(select(ReturnSkill.return_id).where(ReturnSkill.skill_id == skill_id))
        )
    if occupation_id is not None:
        statement = statement.where(WorkerReturn.occupation_id == occupation_id)
    if returned_from is not None:
        statement = statement.where(WorkerReturn.returned_from == returned_from)
    total = await session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = await session.execute(statement.limit(params.limit).offset(params.offset))
    return [PoolRow._make(row) for row in rows], int(total or 0)


async def skills_of(session: AsyncSession, return_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    found: dict[uuid.UUID, list[str]] = defaultdict(list)
    if return_ids:
        rows = await session.execute(
            select(ReturnSkill.return_id, ReturnSkill.skill_id)
            .where(ReturnSkill.return_id.in_(return_ids))
            .order_by(ReturnSkill.skill_id)
        )
        for return_id, skill_id in rows:
            found[return_id].append(skill_id)
    return dict(found)


COUNTED_BY = {"reason": WorkerReturn.reason, "returned_from": WorkerReturn.returned_from}


async def counts_by(
    session: AsyncSession, dimension: Literal["reason", "returned_from"]
) -> list[tuple[str, int]]:
    """Returns counted by their reason or the country returned from."""
    column = COUNTED_BY[dimension]
    rows = await session.execute(select(column, func.count()).group_by(column))
    return [(str(value), int(count)) for value, count in rows]


async def outcome_counts(session: AsyncSession) -> list[tuple[FollowUpOutcome | None, int]]:
    """Returns counted by the outcome of their latest recorded follow-up (None before the first)."""
    latest = (
        select(FollowUp.return_id, func.max(FollowUp.month).label("month"))
        .where(FollowUp.recorded_on.is_not(None))
        .group_by(FollowUp.return_id)
        .subquery()
    )
    statement = (
        select(FollowUp.outcome, func.count())
        .select_from(WorkerReturn)
        .outerjoin(latest, latest.c.return_id == WorkerReturn.id)
        .outerjoin(FollowUp, (FollowUp.return_id == latest.c.return_id) & (FollowUp.month == latest.c.month))
        .group_by(FollowUp.outcome)
    )
    return [(outcome, int(count)) for outcome, count in await session.execute(statement)]
