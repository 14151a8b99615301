"""Queries of the hand-over: the only place that builds them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from imis_jobs.applications.models import Application, ApplicationStatus
from imis_jobs.handover.models import Handover, HandoverSeeker, ProgrammePartner
from imis_jobs.seekers.models import JobSeeker, SeekerConsent, SeekerConsentPurpose
from imis_jobs.seekers.repository import with_details
from imis_jobs.vacancies.models import Vacancy
from imis_shared.pagination import PageParams, paginate

# A candidate is selected for a programme once offered a place in it, until departure.
SELECTED = (
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.CONTRACT_SIGNED,
    ApplicationStatus.VISA_ISSUED,
    ApplicationStatus.DEPARTED,
)


async def partners(session: AsyncSession, programme_id: uuid.UUID) -> list[ProgrammePartner]:
    statement = (
        select(ProgrammePartner)
        .where(ProgrammePartner.programme_id == programme_id)
        .order_by(ProgrammePartner.name, ProgrammePartner.client_id)
    )
    return list(await session.scalars(statement))


async def partner(session: AsyncSession, programme_id: uuid.UUID, client_id: str) -> ProgrammePartner | None:
    statement = select(ProgrammePartner).where(
        ProgrammePartner.programme_id == programme_id, ProgrammePartner.client_id == client_id
    )
    return await session.scalar(statement)


async def remove_partner(session: AsyncSession, programme_id: uuid.UUID, client_id: str) -> bool:
    statement = delete(ProgrammePartner).where(
        ProgrammePartner.programme_id == programme_id, ProgrammePartner.client_id == client_id
    )
    return bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


def _latest(consent: type[SeekerConsent]) -> object:
    """No later consent of the same seeker, purpose and programme than ``consent``."""
    later = aliased(SeekerConsent)
    return ~exists().where(
        later.seeker_id == consent.seeker_id,
        later.purpose == consent.purpose,
        later.programme_id == consent.programme_id,
        or_(
            later.recorded_at > consent.recorded_at,
            and_(later.recorded_at == consent.recorded_at, later.id > consent.id),
        ),
    )


async def latest_consent(
    session: AsyncSession, seeker_id: uuid.UUID, programme_id: uuid.UUID
) -> SeekerConsent | None:
    statement = (
        select(SeekerConsent)
        .where(
            SeekerConsent.seeker_id == seeker_id,
            SeekerConsent.purpose == SeekerConsentPurpose.PARTNER_SHARING,
            SeekerConsent.programme_id == programme_id,
        )
        .order_by(SeekerConsent.recorded_at.desc(), SeekerConsent.id.desc())
        .limit(1)
    )
    return await session.scalar(statement)


async def selected(
    session: AsyncSession, programme_id: uuid.UUID, versions: Sequence[str], params: PageParams
) -> tuple[list[Application], int]:
    """The applications of ``programme_id``'s vacancies whose seeker is selected (``SELECTED``) and
    whose latest sharing consent for the programme is granted to words of ``versions``."""
    consent = aliased(SeekerConsent)
    agreed = exists().where(
        consent.seeker_id == Application.seeker_id,
        consent.purpose == SeekerConsentPurpose.PARTNER_SHARING,
        consent.programme_id == programme_id,
        consent.granted,
        consent.text_version.in_(versions),
        _latest(consent),  # type: ignore[arg-type]
    )
    statement = (
        select(Application)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .where(Vacancy.programme_id == programme_id, Application.status.in_(SELECTED), agreed)
        .order_by(Application.created_at, Application.id)
    )
    return await paginate(session, statement, params)


async def record(session: AsyncSession, handover: Handover, seeker_ids: Sequence[uuid.UUID]) -> None:
    session.add(handover)
    await session.flush()
    for seeker_id in sorted(set(seeker_ids)):
        session.add(HandoverSeeker(handover_id=handover.id, seeker_id=seeker_id))
    await session.flush()


async def handovers(
    session: AsyncSession, programme_id: uuid.UUID, params: PageParams
) -> tuple[list[tuple[Handover, int]], int]:
    """A programme's hand-overs, the latest first, each with how many seekers it carried."""
    count = select(func.count()).where(HandoverSeeker.handover_id == Handover.id).scalar_subquery()
    statement = (
        select(Handover, count)
        .where(Handover.programme_id == programme_id)
        .order_by(Handover.handed_at.desc(), Handover.id)
    )
    total = await session.scalar(
        select(func.count()).select_from(Handover).where(Handover.programme_id == programme_id)
    )
    rows = await session.execute(statement.limit(params.limit).offset(params.offset))
    return [(handover, int(seekers)) for handover, seekers in rows.all()], int(total or 0)


async def of_seeker(session: AsyncSession, seeker_id: uuid.UUID) -> list[Handover]:
    """The hand-overs that carried ``seeker_id``'s record, the earliest first."""
    statement = (
        select(Handover)
        .join(HandoverSeeker, HandoverSeeker.handover_id == Handover.id)
        .where(HandoverSeeker.seeker_id == seeker_id)
        .order_by(Handover.handed_at, Handover.id)
    )
    return list(await session.scalars(statement))


async def seekers_with_details(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, JobSeeker]:
    statement = with_details(select(JobSeeker).where(JobSeeker.id.in_(list(ids))))
    return {seeker.id: seeker for seeker in await session.scalars(statement)}
