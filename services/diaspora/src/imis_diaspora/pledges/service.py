"""Pledge rules: only to open projects, coherent by kind, and the pledge workflow."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora import notifications
from imis_diaspora.members.models import Member
from imis_diaspora.pledges.schemas import PledgeCreate
from imis_diaspora.projects import repository as projects
from imis_diaspora.projects.models import Pledge, PledgeKind, PledgeStatus, Project, ProjectStatus
from imis_diaspora.reference import Esco
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, ValidationFailed, body_error

# pledged → confirmed → fulfilled | cancelled (cancelling is possible until fulfilled).
TRANSITIONS: dict[PledgeStatus, frozenset[PledgeStatus]] = {
    PledgeStatus.PLEDGED: frozenset({PledgeStatus.CONFIRMED, PledgeStatus.CANCELLED}),
    PledgeStatus.CONFIRMED: frozenset({PledgeStatus.FULFILLED, PledgeStatus.CANCELLED}),
    PledgeStatus.FULFILLED: frozenset(),
    PledgeStatus.CANCELLED: frozenset(),
}

# Which optional fields each kind needs (True) or must leave out (False).
SHAPE: dict[PledgeKind, dict[str, bool]] = {
    PledgeKind.MONEY: {"amount": True, "currency": True, "days": False, "skills": False},
    PledgeKind.EXPERTISE: {"amount": False, "currency": False, "days": True},
    PledgeKind.VOLUNTEERING: {"amount": False, "currency": False, "days": True, "skills": False},
}


def check(data: PledgeCreate, esco: Esco) -> list[FieldError]:
    errors: list[FieldError] = []
    for field, needed in SHAPE[data.kind].items():
        value = getattr(data, field)
        present = bool(value) if field == "skills" else value is not None
        if needed and not present:
            errors.append(body_error(field, f"is required for a {data.kind.value} pledge", "missing"))
        elif not needed and present:
            errors.append(body_error(field, f"is not part of a {data.kind.value} pledge", "not_allowed"))
    return errors + esco.unknown_skills(data.skills)


async def pledge(
    session: AsyncSession, project: Project, member: Member, data: PledgeCreate, esco: Esco
) -> Pledge:
    errors = check(data, esco)
    if errors:
        raise ValidationFailed("The pledge is not valid.", errors=errors)
    status = await projects.status_for_share(session, project.id)  # no pledge lands as it closes
    if status is not ProjectStatus.OPEN:
        current = status.value if status else "gone"
        raise InvalidState(f"The project is {current}; pledges go to open projects only.")
    created = Pledge(
        project_id=project.id,
        member_id=member.id,
        kind=data.kind,
        amount=data.amount,
        currency=data.currency,
        days=data.days,
        skills=sorted(set(data.skills)),
        status=PledgeStatus.PLEDGED,
    )
    session.add(created)
    await session.flush()
    return created


async def move(session: AsyncSession, pledge: Pledge, status: PledgeStatus) -> Pledge:
    if status not in TRANSITIONS[pledge.status]:
        raise InvalidState(f"A pledge that is {pledge.status.value} cannot become {status.value}.")
    pledge.status = status
    pledge.updated_at = utcnow()
    await session.flush()
    if status is PledgeStatus.CONFIRMED and pledge.member_id is not None:
        member = await session.get(Member, pledge.member_id)
        project = await session.get(Project, pledge.project_id)
        await notifications.tell(
            session,
            member.user_id if member is not None else None,
            notifications.PLEDGE_CONFIRMED,
            pledge_id=str(pledge.id),
            project_id=str(pledge.project_id),
            project=project.title if project is not None else "",
        )
    return pledge
