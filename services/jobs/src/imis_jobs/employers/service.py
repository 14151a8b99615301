"""Employer rules: registration, the verification state machine, members and invitations.

Verification (by an officer):  pending → verified | rejected;  verified → suspended → verified.
A rejected employer that edits its details is resubmitted (→ pending). A verified employer that
changes its name, registration or licence number must be verified again (→ pending); meanwhile it
stays in good standing under the name last verified (``verified_name``), which is what the public
sees. Suspension and rejection take it out of good standing (``Employer.in_good_standing``): its
vacancies close to the public and to applications and its members no longer see seekers' data,
all kept for the record; reinstatement (→ verified) restores them. Every change of status is
kept in the append-only history.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.employers import repository
from imis_jobs.employers.models import (
    Employer,
    EmployerInvitation,
    EmployerMember,
    EmployerStatus,
    EmployerStatusChange,
    EmployerType,
    MemberRole,
)
from imis_jobs.employers.schemas import EmployerCreate, EmployerUpdate, StatusDecision
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, InvalidState, NotFound, ValidationFailed

DECISIONS: dict[EmployerStatus, frozenset[EmployerStatus]] = {
    EmployerStatus.PENDING: frozenset({EmployerStatus.VERIFIED, EmployerStatus.REJECTED}),
    EmployerStatus.VERIFIED: frozenset({EmployerStatus.SUSPENDED}),
    EmployerStatus.SUSPENDED: frozenset({EmployerStatus.VERIFIED}),
    EmployerStatus.REJECTED: frozenset(),
}
REVERIFY_FIELDS = frozenset(
    {"name", "registration_number", "licence_number", "licence_issuer", "licence_valid_until"}
)
INVITATION_LIFETIME = timedelta(days=7)


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {
        key: (str(value) if key == "website" and value is not None else value) for key, value in data.items()
    }


async def _record(
    session: AsyncSession, employer: Employer, to: EmployerStatus, by: str, reason: str | None
) -> None:
    session.add(
        EmployerStatusChange(
            employer_id=employer.id, from_status=employer.status, to_status=to, changed_by=by, reason=reason
        )
    )
    employer.status = to
    if to == EmployerStatus.VERIFIED:
        employer.verified_name = employer.name
    elif to == EmployerStatus.REJECTED:  # a resubmission must be verified before it reopens anything
        employer.verified_name = None
    await session.flush()


def check_licence(employer_type: EmployerType, licence_number: str | None, *, registering: bool) -> None:
    """A recruitment agency must hold a licence number: give it when it registers, keep it after."""
    if employer_type != EmployerType.RECRUITMENT_AGENCY or licence_number:
        return
    if registering:
        raise ValidationFailed.field(
            "licence_number", "A recruitment agency must give its licence number.", "required"
        )
    raise ValidationFailed.field(
        "licence_number", "A recruitment agency must keep a licence number.", "required"
    )


async def create(session: AsyncSession, data: EmployerCreate, user_id: str) -> Employer:
    check_licence(data.type, data.licence_number, registering=True)
    employer = Employer(**_plain(data.model_dump()), status=EmployerStatus.PENDING)
    session.add(employer)
    await session.flush()
    session.add(EmployerMember(employer_id=employer.id, user_id=user_id, role=MemberRole.OWNER))
    session.add(
        EmployerStatusChange(
            employer_id=employer.id,
            from_status=None,
            to_status=EmployerStatus.PENDING,
            changed_by=user_id,
            reason="registered",
        )
    )
    await session.flush()
    return employer


async def update(session: AsyncSession, employer: Employer, data: EmployerUpdate, user_id: str) -> Employer:
    changes = _plain(data.model_dump(exclude_unset=True))
    if "licence_number" in changes:
        check_licence(employer.type, changes["licence_number"], registering=False)
    changed = {key for key, value in changes.items() if getattr(employer, key) != value}
    for key in changed:
        setattr(employer, key, changes[key])
    if employer.status == EmployerStatus.REJECTED and changed:
        await _record(session, employer, EmployerStatus.PENDING, user_id, "resubmitted after changes")
    elif employer.status == EmployerStatus.VERIFIED and changed & REVERIFY_FIELDS:
        fields = ", ".join(sorted(changed & REVERIFY_FIELDS))
        await _record(
            session, employer, EmployerStatus.PENDING, user_id, f"changed {fields}: to be verified again"
        )
    await session.flush()
    return employer


async def decide(
    session: AsyncSession, employer: Employer, decision: StatusDecision, officer_id: str
) -> Employer:
    target = EmployerStatus(decision.status)
    allowed = DECISIONS[employer.status]
    if target not in allowed:
        names = ", ".join(sorted(status.value for status in allowed)) or "none (the employer must resubmit)"
        raise InvalidState(
            f"A {employer.status} employer cannot become {target.value}; allowed: {names}.",
            current_status=employer.status.value,
            allowed=sorted(status.value for status in allowed),
        )
    await _record(session, employer, target, officer_id, decision.reason)
    return employer


async def invite(session: AsyncSession, employer: Employer, owner_id: str) -> tuple[str, EmployerInvitation]:
    code = secrets.token_urlsafe(24)
    invitation = EmployerInvitation(
        employer_id=employer.id,
        code_hash=_hash(code),
        created_by=owner_id,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    session.add(invitation)
    await session.flush()
    return code, invitation


async def accept(session: AsyncSession, code: str, user_id: str) -> Employer:
    invitation = await repository.invitation_by_hash(session, _hash(code))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at <= utcnow():
        raise NotFound("No open invitation with this code (it may have expired or been used).")
    if await repository.membership(session, invitation.employer_id, user_id) is not None:
        raise Conflict("You are already a member of this employer.")
    invitation.accepted_by, invitation.accepted_at = user_id, utcnow()
    session.add(EmployerMember(employer_id=invitation.employer_id, user_id=user_id, role=MemberRole.MEMBER))
    await session.flush()
    employer = await repository.get(session, invitation.employer_id)
    assert employer is not None  # the foreign key guarantees it
    return employer


async def remove_member(session: AsyncSession, employer: Employer, user_id: str) -> None:
    member = await repository.membership(session, employer.id, user_id)
    if member is None:
        raise NotFound("No such member.")
    if member.role == MemberRole.OWNER and await repository.owner_count(session, employer.id) == 1:
        raise Conflict("The last owner cannot be removed.")
    await session.delete(member)
    await session.flush()


async def remove_memberships(session: AsyncSession, user_id: str) -> None:
    """A deleted account leaves every employer. The employers stay, with their vacancies and history:
    their other members carry on; one whose only member left stays on the register without members."""
    await repository.remove_memberships(session, user_id)
