"""The sections of a seeker's export that the worker's journey after selection adds: orientation,
welfare cases and returns, each as the worker sees it through its own package's routes.

Each section reuses its package's repository and worker-view presenter, so the export can never show
more than those routes do (a welfare case's internal notes and entries' authors stay out because
``welfare.views.followed_out`` leaves them out). The packages' lists are paginated; the export walks
every page of them rather than asking them for an unbounded query of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.orientation import repository as orientation
from imis_jobs.orientation.schemas import CertificateOut, EnrolmentOut
from imis_jobs.orientation.views import certificate_out, enrolment_out
from imis_jobs.reintegration import repository as reintegration
from imis_jobs.reintegration.schemas import ReturnOut
from imis_jobs.reintegration.views import return_out
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.welfare import repository as welfare
from imis_jobs.welfare.schemas import FollowedWelfareCaseOut
from imis_jobs.welfare.views import followed_out
from imis_shared.pagination import MAX_LIMIT, PageParams

T = TypeVar("T")


async def every(page: Callable[[PageParams], Awaitable[tuple[list[T], int]]]) -> list[T]:
    """Every item a paginated repository query finds, read a page of ``MAX_LIMIT`` at a time in its
    own order."""
    items: list[T] = []
    while True:
        rows, total = await page(PageParams(limit=MAX_LIMIT, offset=len(items)))
        items.extend(rows)
        if not rows or len(items) >= total:
            return items


async def orientation_enrolments(session: AsyncSession, seeker_id: uuid.UUID) -> list[EnrolmentOut]:
    """As `GET /seekers/me/orientation-enrolments` shows them: cancelled ones too, the latest session
    first."""
    rows = await every(lambda page: orientation.seeker_enrolments(session, seeker_id, page))
    return [enrolment_out(row) for row in rows]


async def orientation_certificates(
    session: AsyncSession, seeker_id: uuid.UUID, today: date
) -> list[CertificateOut]:
    """As `GET /seekers/me/orientation-certificates` shows them: revoked and expired ones too, the
    latest first."""
    rows = await every(lambda page: orientation.seeker_certificates(session, seeker_id, page))
    return [certificate_out(row, today) for row in rows]


async def followed_welfare_cases(
    session: AsyncSession, user_id: str, seeker_id: uuid.UUID
) -> list[FollowedWelfareCaseOut]:
    """The cases the worker follows (reported by them, or naming their profile), each as
    `GET /welfare-cases/{id}` shows it to them: the shared notes and the thread, no internal note,
    no author; the latest first."""
    cases = await every(lambda page: welfare.followed_by(session, user_id, seeker_id, page))
    return [followed_out(case, await welfare.entries(session, case.id, shared_only=True)) for case in cases]


async def returns(
    session: AsyncSession,
    seeker_id: uuid.UUID,
    taxonomy: Taxonomy,
    today: date,
    invitation_url: str,
) -> list[ReturnOut]:
    """The worker's returns with their referrals and follow-ups, as `GET /seekers/me/returns` shows
    them (the diaspora registry's invitation included); the latest first."""
    found = await every(lambda page: reintegration.search(session, page, seeker_id=seeker_id))
    details = await reintegration.details(session, found)
    return [return_out(r, details, taxonomy, today, invitation_url) for r in found]
