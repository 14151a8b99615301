"""Organisation rules: proposed by anyone registered, verified by officers; members join verified ones."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members.models import Member
from imis_diaspora.organisations import repository
from imis_diaspora.organisations.models import MemberOrganisation, Organisation, OrganisationStatus
from imis_diaspora.organisations.schemas import OrganisationCreate
from imis_shared.db import utcnow
from imis_shared.errors import InvalidState


async def create(session: AsyncSession, data: OrganisationCreate, created_by: str) -> Organisation:
    values = data.model_dump(mode="json")
    organisation = Organisation(**values, status=OrganisationStatus.PENDING, created_by=created_by)
    session.add(organisation)
    await session.flush()
    return organisation


async def decide(
    session: AsyncSession, organisation: Organisation, status: OrganisationStatus
) -> Organisation:
    if organisation.status is not OrganisationStatus.PENDING and organisation.status is not status:
        raise InvalidState(f"The organisation is already {organisation.status.value}.")
    organisation.status = status
    organisation.updated_at = utcnow()
    await session.flush()
    return organisation


async def join(session: AsyncSession, member: Member, organisation: Organisation) -> None:
    """Idempotent: joining twice keeps one link."""
    if organisation.status is not OrganisationStatus.VERIFIED:
        raise InvalidState("Members can link only to verified organisations.")
    if await repository.link(session, member.id, organisation.id) is None:
        session.add(MemberOrganisation(member_id=member.id, organisation_id=organisation.id))
        await session.flush()


async def leave(session: AsyncSession, member: Member, organisation: Organisation) -> None:
    existing = await repository.link(session, member.id, organisation.id)
    if existing is not None:
        await session.delete(existing)
        await session.flush()
