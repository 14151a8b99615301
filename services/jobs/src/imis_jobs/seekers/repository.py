"""Queries on job seekers: the only place that builds them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_jobs.seekers.models import JobSeeker, SeekerClaimFailure, SeekerConsent, SeekerOccupation
from imis_jobs.taxonomy.models import Occupation
from imis_shared.db import utcnow
from imis_shared.pagination import PageParams, paginate


def with_details(statement: Select[JobSeeker]) -> Select[JobSeeker]:
    return statement.options(
        selectinload(JobSeeker.occupations), selectinload(JobSeeker.skills), selectinload(JobSeeker.languages)
    ).execution_options(populate_existing=True)


async def by_user(session: AsyncSession, user_id: str, *, lock: bool = False) -> JobSeeker | None:
    """The profile of ``user_id``; with ``lock``, its row is locked until the transaction ends (on
    PostgreSQL; SQLite's writing transactions already run one at a time), so concurrent edits of
    one profile queue instead of replacing the same child rows at once."""
    statement = select(JobSeeker).where(JobSeeker.user_id == user_id)
    if lock:
        statement = statement.with_for_update(of=JobSeeker)
    return await session.scalar(with_details(statement))


async def by_id(session: AsyncSession, seeker_id: uuid.UUID) -> JobSeeker | None:
    return await session.scalar(with_details(select(JobSeeker).where(JobSeeker.id == seeker_id)))


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    occupation_id: str | None = None,
    isco: str | None = None,
    residence_country: str | None = None,
    residence_subdivision: str | None = None,
    discoverable: bool | None = None,
    claimed: bool | None = None,
) -> tuple[list[JobSeeker], int]:
    statement = select(JobSeeker).order_by(JobSeeker.full_name, JobSeeker.id)
    if occupation_id:
        statement = statement.where(
            exists().where(
                SeekerOccupation.seeker_id == JobSeeker.id, SeekerOccupation.occupation_id == occupation_id
            )
        )
    if isco:
        statement = statement.where(
            exists().where(
                SeekerOccupation.seeker_id == JobSeeker.id,
                SeekerOccupation.occupation_id == Occupation.id,
                Occupation.isco_code.startswith(isco),
            )
        )
    if residence_country:
        statement = statement.where(JobSeeker.residence_country == residence_country)
    if residence_subdivision:
        statement = statement.where(JobSeeker.residence_subdivision == residence_subdivision)
    if discoverable is not None:
        statement = statement.where(JobSeeker.discoverable == discoverable)
    if claimed is not None:
        statement = statement.where(
            JobSeeker.user_id.is_not(None) if claimed else JobSeeker.user_id.is_(None)
        )
    return await paginate(session, with_details(statement), params)


async def claimable(session: AsyncSession, code_hash: str, now: datetime) -> JobSeeker | None:
    """The unclaimed profile whose live claim code has this hash."""
    return await session.scalar(
        select(JobSeeker).where(
            JobSeeker.claim_code_hash == code_hash,
            JobSeeker.user_id.is_(None),
            JobSeeker.claim_code_expires_at > now,
        )
    )


async def attach_user(session: AsyncSession, seeker_id: uuid.UUID, code_hash: str, user_id: str) -> bool:
    """Give the profile its user and spend the code, unless someone got there first (a
    conditional update)."""
    now = utcnow()
    result = await session.execute(
        update(JobSeeker)
        .where(JobSeeker.id == seeker_id, JobSeeker.user_id.is_(None), JobSeeker.claim_code_hash == code_hash)
        .values(
            user_id=user_id, claimed_at=now, claim_code_hash=None, claim_code_expires_at=None, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


async def claim_failures_since(session: AsyncSession, user_id: str, since: datetime) -> list[datetime]:
    """When ``user_id`` typed a wrong claim code since ``since``, oldest first."""
    rows = await session.scalars(
        select(SeekerClaimFailure.failed_at)
        .where(SeekerClaimFailure.user_id == user_id, SeekerClaimFailure.failed_at >= since)
        .order_by(SeekerClaimFailure.failed_at)
    )
    return list(rows)


async def forget_claim_failures_before(session: AsyncSession, user_id: str, before: datetime) -> None:
    await session.execute(
        delete(SeekerClaimFailure).where(
            SeekerClaimFailure.user_id == user_id, SeekerClaimFailure.failed_at < before
        )
    )


CONSENT_ORDER = (SeekerConsent.recorded_at, SeekerConsent.id)


async def consents(
    session: AsyncSession, seeker_id: uuid.UUID, params: PageParams
) -> tuple[list[SeekerConsent], int]:
    """One page of a seeker's consent history, oldest first."""
    statement = select(SeekerConsent).where(SeekerConsent.seeker_id == seeker_id).order_by(*CONSENT_ORDER)
    return await paginate(session, statement, params)


async def consent_history(session: AsyncSession, seeker_id: uuid.UUID) -> list[SeekerConsent]:
    """A seeker's whole consent history, oldest first (for the data export)."""
    statement = select(SeekerConsent).where(SeekerConsent.seeker_id == seeker_id).order_by(*CONSENT_ORDER)
    return list(await session.scalars(statement))


async def exists_by_id(session: AsyncSession, seeker_id: uuid.UUID) -> bool:
    return bool(await session.scalar(select(exists().where(JobSeeker.id == seeker_id))))
