"""Queries on verifications: the only place that builds them.

A check counts on a day when it passed, is not revoked and that day is not after its
``valid_until``. The conditions below are correlated to a seeker id column, so matching can use
them to keep a ranking to the pre-screened, or to verified language levels.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, exists, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.verifications.models import Outcome, Verification, VerificationKind
from imis_shared.pagination import PageParams, paginate


def counting(today: date) -> ColumnElement[bool]:
    """The checks that count on ``today``: passed, not revoked, not expired."""
    return and_(
        Verification.outcome == Outcome.PASSED,
        Verification.revoked_at.is_(None),
        or_(Verification.valid_until.is_(None), Verification.valid_until >= today),
    )


def holds_all(
    seeker_id: SQLColumnExpression[uuid.UUID], kinds: Iterable[VerificationKind], today: date
) -> ColumnElement[bool]:
    """Seekers (``seeker_id``) holding a counting check of every kind in ``kinds``."""
    return and_(
        true(),
        *(
            exists().where(Verification.seeker_id == seeker_id, Verification.kind == kind, counting(today))
            for kind in kinds
        ),
    )


def speaks_verified(
    seeker_id: SQLColumnExpression[uuid.UUID], language: str, minimum: str, today: date
) -> ColumnElement[bool]:
    """Seekers with a counting language test of ``language`` at ``minimum`` or above in all four
    skills (CEFR codes sort in level order)."""
    return exists().where(
        Verification.seeker_id == seeker_id,
        Verification.kind == VerificationKind.LANGUAGE_TEST,
        Verification.language == language,
        Verification.reading >= minimum,
        Verification.writing >= minimum,
        Verification.listening >= minimum,
        Verification.speaking >= minimum,
        counting(today),
    )


def pool(
    kinds: Iterable[VerificationKind], languages: Iterable[tuple[str, str]], today: date
) -> Callable[[SQLColumnExpression[uuid.UUID]], ColumnElement[bool]]:
    """The condition on a seeker id column selecting the seekers who hold a counting check of each
    of ``kinds`` (``holds_all``) and speak each of ``languages`` (language, lowest level) at a
    verified level (``speaks_verified``); everyone when both are empty."""
    kinds, languages = list(kinds), list(languages)

    def condition(seeker_id: SQLColumnExpression[uuid.UUID]) -> ColumnElement[bool]:
        return and_(
            true(),
            holds_all(seeker_id, kinds, today),
            *(speaks_verified(seeker_id, language, level, today) for language, level in languages),
        )

    return condition


async def get(session: AsyncSession, verification_id: uuid.UUID) -> Verification | None:
    return await session.get(Verification, verification_id)


async def for_seeker(
    session: AsyncSession, seeker_id: uuid.UUID, params: PageParams, *, with_revoked: bool
) -> tuple[list[Verification], int]:
    """A seeker's checks, the latest first."""
    statement = (
        select(Verification)
        .where(Verification.seeker_id == seeker_id)
        .order_by(Verification.checked_on.desc(), Verification.created_at.desc(), Verification.id)
    )
    if not with_revoked:
        statement = statement.where(Verification.revoked_at.is_(None))
    return await paginate(session, statement, params)


async def counting_for(
    session: AsyncSession, seeker_ids: Sequence[uuid.UUID], today: date
) -> list[Verification]:
    """The checks of ``seeker_ids`` that count on ``today``, the latest expiring last."""
    if not seeker_ids:
        return []
    statement = (
        select(Verification)
        .where(Verification.seeker_id.in_(seeker_ids), counting(today))
        .order_by(Verification.seeker_id, Verification.checked_on, Verification.id)
    )
    return list(await session.scalars(statement))


async def standing_for(session: AsyncSession, seeker_ids: Sequence[uuid.UUID]) -> list[Verification]:
    """The checks of ``seeker_ids`` not revoked (passed or failed, expired or not), by seeker, the
    latest first."""
    if not seeker_ids:
        return []
    statement = (
        select(Verification)
        .where(Verification.seeker_id.in_(seeker_ids), Verification.revoked_at.is_(None))
        .order_by(Verification.seeker_id, Verification.checked_on.desc(), Verification.id)
    )
    return list(await session.scalars(statement))


async def every_for_seeker(session: AsyncSession, seeker_id: uuid.UUID) -> list[Verification]:
    """All of a seeker's checks, revoked ones too, the oldest first: for their data export."""
    statement = (
        select(Verification)
        .where(Verification.seeker_id == seeker_id)
        .order_by(Verification.checked_on, Verification.created_at, Verification.id)
    )
    return list(await session.scalars(statement))
