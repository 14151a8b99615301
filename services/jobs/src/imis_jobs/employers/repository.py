"""Queries on employers: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.employers.models import (
    Employer,
    EmployerInvitation,
    EmployerMember,
    EmployerStatus,
    EmployerStatusChange,
    EmployerType,
)
from imis_shared.db import LIKE_ESCAPE, contains_pattern
from imis_shared.pagination import PageParams, paginate


async def get(session: AsyncSession, employer_id: uuid.UUID) -> Employer | None:
    return await session.get(Employer, employer_id)


async def membership(session: AsyncSession, employer_id: uuid.UUID, user_id: str) -> EmployerMember | None:
    return await session.get(EmployerMember, (employer_id, user_id))


async def is_verified_member(session: AsyncSession, user_id: str) -> bool:
    """Whether ``user_id`` is a member of a verified employer."""
    statement = select(
        exists().where(
            EmployerMember.user_id == user_id,
            EmployerMember.employer_id == Employer.id,
            Employer.status == EmployerStatus.VERIFIED,
        )
    )
    return bool(await session.scalar(statement))


def employers_in_good_standing_of(user_id: str) -> Select[uuid.UUID]:
    """The ids of the employers in good standing that ``user_id`` is a member of, as a subquery:
    the members of a suspended or rejected employer act for it in nothing that touches seekers."""
    return (
        select(EmployerMember.employer_id)
        .join(Employer, Employer.id == EmployerMember.employer_id)
        .where(EmployerMember.user_id == user_id, Employer.in_good_standing)
    )


def _listing(
    *, member: str | None, status: EmployerStatus | None, country: str | None, q: str | None
) -> Select[Employer]:
    statement = select(Employer).order_by(Employer.name, Employer.id)
    if member is not None:
        statement = statement.where(
            Employer.id.in_(select(EmployerMember.employer_id).where(EmployerMember.user_id == member))
        )
    if status is not None:
        statement = statement.where(Employer.status == status)
    if country is not None:
        statement = statement.where(Employer.country == country)
    if q:
        statement = statement.where(
            func.lower(Employer.name).like(contains_pattern(q.lower()), escape=LIKE_ESCAPE)
        )
    return statement


async def search(
    session: AsyncSession,
    params: PageParams,
    *,
    member: str | None = None,
    status: EmployerStatus | None = None,
    country: str | None = None,
    q: str | None = None,
) -> tuple[list[Employer], int]:
    return await paginate(session, _listing(member=member, status=status, country=country, q=q), params)


async def register(
    session: AsyncSession,
    params: PageParams,
    *,
    q: str | None,
    country: str | None,
    kind: EmployerType | None,
) -> tuple[list[Employer], int]:
    """Employers in good standing, by the name an officer verified."""
    shown = func.coalesce(Employer.verified_name, Employer.name)
    statement = select(Employer).where(Employer.in_good_standing).order_by(shown, Employer.id)
    if country is not None:
        statement = statement.where(Employer.country == country)
    if kind is not None:
        statement = statement.where(Employer.type == kind)
    if q:
        statement = statement.where(func.lower(shown).like(contains_pattern(q.lower()), escape=LIKE_ESCAPE))
    return await paginate(session, statement, params)


async def members(session: AsyncSession, employer_id: uuid.UUID) -> Sequence[EmployerMember]:
    statement = select(EmployerMember).where(EmployerMember.employer_id == employer_id)
    return (await session.scalars(statement.order_by(EmployerMember.joined_at, EmployerMember.user_id))).all()


async def owner_count(session: AsyncSession, employer_id: uuid.UUID) -> int:
    statement = select(func.count()).where(
        EmployerMember.employer_id == employer_id, EmployerMember.role == "owner"
    )
    return int(await session.scalar(statement) or 0)


async def history(session: AsyncSession, employer_id: uuid.UUID) -> Sequence[EmployerStatusChange]:
    statement = select(EmployerStatusChange).where(EmployerStatusChange.employer_id == employer_id)
    return (
        await session.scalars(statement.order_by(EmployerStatusChange.changed_at, EmployerStatusChange.id))
    ).all()


async def invitation_by_hash(session: AsyncSession, code_hash: str) -> EmployerInvitation | None:
    return await session.scalar(select(EmployerInvitation).where(EmployerInvitation.code_hash == code_hash))


async def remove_memberships(session: AsyncSession, user_id: str) -> None:
    """A deleted account leaves every employer it belonged to."""
    await session.execute(delete(EmployerMember).where(EmployerMember.user_id == user_id))
