"""Welfare rules: opening a case, its deadline, notes and messages, the status steps, and the
accused employer's suspension.

The first officer response (a shared note, a message or a change of status) is recorded once, in
``first_responded_at``; a case with none past its ``first_response_due_at`` is overdue.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import notifications
from imis_jobs.applications import repository as applications
from imis_jobs.config import JobsSettings
from imis_jobs.employers import repository as employers
from imis_jobs.employers import service as employer_service
from imis_jobs.employers.schemas import StatusDecision
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.welfare import repository, workflow
from imis_jobs.welfare.models import (
    WelfareCase,
    WelfareCaseEntry,
    WelfareCaseStatus,
    WelfareEntryKind,
    WelfareOrigin,
    WelfareSide,
    WelfareUrgency,
    WelfareVisibility,
)
from imis_jobs.welfare.schemas import RecordedWelfareCaseIn, WelfareCaseIn, WelfareRecord, WelfareStatusIn
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, NotFound, ValidationFailed, body_error


def response_deadline(settings: JobsSettings, urgency: WelfareUrgency) -> timedelta:
    hours = {
        WelfareUrgency.CRITICAL: settings.welfare_response_hours_critical,
        WelfareUrgency.HIGH: settings.welfare_response_hours_high,
        WelfareUrgency.NORMAL: settings.welfare_response_hours_normal,
        WelfareUrgency.LOW: settings.welfare_response_hours_low,
    }[urgency]
    return timedelta(hours=hours)


async def _check_employer(
    session: AsyncSession, employer_id: uuid.UUID | None, errors: list[FieldError]
) -> None:
    if employer_id is not None and await employers.get(session, employer_id) is None:
        errors.append(body_error("employer_id", "is not an employer or agency", "unknown_employer"))


def _new_case(
    data: WelfareCaseIn | RecordedWelfareCaseIn, settings: JobsSettings, now: datetime, **columns: object
) -> WelfareCase:
    return WelfareCase(
        category=data.category,
        employer_id=data.employer_id,
        application_id=data.application_id,
        country=data.country,
        description=data.description,
        urgency=data.urgency,
        status=WelfareCaseStatus.OPEN,
        created_at=now,
        updated_at=now,
        first_response_due_at=now + response_deadline(settings, data.urgency),
        reporter_relationship=data.reporter_relationship,
        worker_contact=data.worker_contact,
        **columns,
    )


async def open_case(
    session: AsyncSession, data: WelfareCaseIn, user_id: str, settings: JobsSettings
) -> WelfareCase:
    """A worker's own case, or one a family member opens on the worker's behalf."""
    errors: list[FieldError] = []
    await _check_employer(session, data.employer_id, errors)
    profile = None if data.on_behalf else await seekers.by_user(session, user_id)
    if data.application_id is not None:
        application = await applications.get(session, data.application_id)
        if application is None or profile is None or application.seeker_id != profile.id:
            errors.append(
                body_error("application_id", "is not one of your applications", "unknown_application")
            )
    if errors:
        raise ValidationFailed("The case cannot be opened.", errors=errors)
    case = _new_case(
        data,
        settings,
        utcnow(),
        origin=WelfareOrigin.ON_BEHALF if data.on_behalf else WelfareOrigin.WORKER,
        reporter_id=user_id,
        seeker_id=profile.id if profile is not None else None,
        worker_name=data.worker_name or (profile.full_name if profile is not None else None),
        identity_shared_with_employer=data.identity_shared_with_employer,
    )
    session.add(case)
    await session.flush()
    return case


async def record_case(
    session: AsyncSession, data: RecordedWelfareCaseIn, officer_id: str, settings: JobsSettings
) -> WelfareCase:
    """A case an officer records after a call or a visit; the worker's profile follows it."""
    errors: list[FieldError] = []
    await _check_employer(session, data.employer_id, errors)
    seeker_id = data.seeker_id
    profile = None
    if seeker_id is not None:
        profile = await seekers.by_id(session, seeker_id)
        if profile is None:
            errors.append(body_error("seeker_id", "is not a job seeker", "unknown_seeker"))
    if data.application_id is not None:
        application = await applications.get(session, data.application_id)
        if application is None:
            errors.append(body_error("application_id", "is not an application", "unknown_application"))
        elif seeker_id is not None and application.seeker_id != seeker_id:
            errors.append(body_error("application_id", "is not the seeker's application", "not_the_seekers"))
        elif seeker_id is None:
            seeker_id = application.seeker_id
            profile = await seekers.by_id(session, seeker_id)
    if errors:
        raise ValidationFailed("The case cannot be recorded.", errors=errors)
    case = _new_case(
        data,
        settings,
        utcnow(),
        origin=WelfareOrigin.OFFICER,
        recorded_by=officer_id,
        channel=data.channel,
        seeker_id=seeker_id,
        worker_name=data.worker_name or (profile.full_name if profile is not None else None),
    )
    session.add(case)
    await session.flush()
    return case


async def get(session: AsyncSession, case_id: uuid.UUID) -> WelfareCase:
    case = await repository.get(session, case_id)
    if case is None:
        raise NotFound("No such welfare case.")
    return case


def _responded(case: WelfareCase, now: datetime) -> None:
    if case.first_responded_at is None:
        case.first_responded_at = now


async def share_identity(session: AsyncSession, case: WelfareCase, shared: bool | None) -> WelfareCase:
    if shared is not None:
        case.identity_shared_with_employer = shared
    await session.flush()
    return case


async def assign(session: AsyncSession, case: WelfareCase, officer_id: str) -> WelfareCase:
    case.assigned_to = officer_id
    await session.flush()
    return case


async def _entry(
    session: AsyncSession,
    case: WelfareCase,
    kind: WelfareEntryKind,
    visibility: WelfareVisibility,
    author: str,
    side: WelfareSide,
    text: str,
) -> WelfareCaseEntry:
    now = utcnow()
    entry = WelfareCaseEntry(
        case_id=case.id,
        kind=kind,
        visibility=visibility,
        author_id=author,
        side=side,
        body=text,
        created_at=now,
    )
    session.add(entry)
    if side == WelfareSide.OFFICER and visibility == WelfareVisibility.SHARED:
        _responded(case, now)
    case.updated_at = now
    await session.flush()
    return entry


async def _tell_followers(session: AsyncSession, case: WelfareCase) -> None:
    """The worker, and whoever opened the case for them, learn that it moved (not what: they read it
    signed in, as the case is confidential)."""
    followers = {case.reporter_id} if case.origin is not WelfareOrigin.OFFICER else set()
    if case.seeker_id is not None:
        seeker = await session.get(JobSeeker, case.seeker_id)
        followers.add(seeker.user_id if seeker is not None else None)
    for user_id in sorted(follower for follower in followers if follower):
        await notifications.tell(
            session,
            user_id,
            notifications.WELFARE_CASE_UPDATED,
            case_id=str(case.id),
            status=case.status.value,
        )


async def add_note(
    session: AsyncSession, case: WelfareCase, officer_id: str, text: str, visibility: WelfareVisibility
) -> WelfareCaseEntry:
    entry = await _entry(
        session, case, WelfareEntryKind.NOTE, visibility, officer_id, WelfareSide.OFFICER, text
    )
    if visibility == WelfareVisibility.SHARED:
        await _tell_followers(session, case)
    return entry


async def add_message(
    session: AsyncSession, case: WelfareCase, author: str, side: WelfareSide, text: str
) -> WelfareCaseEntry:
    return await _entry(session, case, WelfareEntryKind.MESSAGE, WelfareVisibility.SHARED, author, side, text)


async def step(session: AsyncSession, case: WelfareCase, change: WelfareStatusIn) -> WelfareCase:
    """Move the case along ``workflow.STEPS``; 409 for a step the table does not hold."""
    target = WelfareCaseStatus(change.status)
    if not workflow.may_take(case.status, target):
        allowed = workflow.allowed(case.status)
        raise InvalidState(
            f"A {case.status.value} case cannot become {target.value}; "
            f"allowed: {', '.join(allowed) or 'none'}.",
            current_status=case.status.value,
            allowed=allowed,
        )
    now = utcnow()
    case.status = target
    if target == WelfareCaseStatus.REFERRED:
        case.referral_target = change.referral_target
        case.referral_note = change.note
    if target in workflow.CLOSED:
        case.closed_at = now
        case.substantiated = change.substantiated
    _responded(case, now)
    await session.flush()
    await _tell_followers(session, case)
    return case


async def suspend_employer(
    session: AsyncSession, case: WelfareCase, officer_id: str, reason: str
) -> WelfareCase:
    """Suspend the accused employer through the employers' own status change (its state machine and
    history), citing the case, and record it on the case. 409 when the case names no employer, has
    suspended it already, or the employer cannot be suspended now (it is not verified)."""
    if case.employer_id is None:
        raise InvalidState("The case names no employer to suspend.")
    if case.employer_suspended_at is not None:
        raise InvalidState("The employer was already suspended from this case.")
    employer = await employers.get(session, case.employer_id)
    if employer is None:  # the foreign key keeps it; a guard for the type checker
        raise NotFound("No such employer.")
    decision = StatusDecision(status="suspended", reason=f"Welfare case {case.id}: {reason}")
    await employer_service.decide(session, employer, decision, officer_id)
    case.employer_suspended_at = utcnow()
    case.employer_suspended_by = officer_id
    case.employer_suspension_reason = reason
    await session.flush()
    return case


async def welfare_record(session: AsyncSession, employer_id: uuid.UUID) -> WelfareRecord:
    total, active, substantiated, suspensions = await repository.employer_totals(session, employer_id)
    by_category = await repository.counts_by(session, "category", employer_id)
    by_status = await repository.counts_by(session, "status", employer_id)
    return WelfareRecord(
        employer_id=employer_id,
        total=total,
        open=active,
        substantiated=substantiated,
        suspensions=suspensions,
        by_category={str(key): count for key, count in sorted(by_category.items())},
        by_status={str(key): count for key, count in sorted(by_status.items())},
    )


async def forget_person(session: AsyncSession, user_id: str, seeker_id: uuid.UUID | None) -> None:
    """A deleted account: :func:`repository.forget_person`."""
    await repository.forget_person(session, user_id, seeker_id)
