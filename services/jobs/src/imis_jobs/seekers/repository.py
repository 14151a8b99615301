"""Queries on job seekers: the only place that builds them."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from imis_jobs.seekers.models import JobSeeker, SeekerOccupation
from imis_jobs.taxonomy.models import Occupation
from imis_shared.pagination import PageParams, paginate


def with_details(statement: Select[JobSeeker]) -> Select[JobSeeker]:
    return statement.options(
        selectinload(JobSeeker.occupations), selectinload(JobSeeker.skills), selectinload(JobSeeker.languages)
    ).execution_options(populate_existing=True)


async def by_user(session: AsyncSession, user_id: str) -> JobSeeker | None:
    return await session.scalar(with_details(select(JobSeeker).where(JobSeeker.user_id == user_id)))


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
    return await paginate(session, with_details(statement), params)
