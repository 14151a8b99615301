"""Welfare cases as each caller may see them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from imis_jobs.welfare.models import WelfareCase, WelfareCaseEntry, WelfareEntryKind, WelfareVisibility
from imis_jobs.welfare.schemas import (
    EmployerWelfareCaseOut,
    FollowedWelfareCaseOut,
    FollowedWelfareCaseSummary,
    WelfareCaseOut,
    WelfareCaseSummary,
    WelfareEntryOut,
)


def is_overdue(case: WelfareCase, now: datetime) -> bool:
    return case.first_responded_at is None and case.first_response_due_at < now


def entry_out(entry: WelfareCaseEntry, *, whole: bool) -> WelfareEntryOut:
    return WelfareEntryOut(
        id=entry.id,
        kind=entry.kind,
        visibility=entry.visibility,
        side=entry.side,
        author_id=entry.author_id if whole else None,
        text=entry.body,
        created_at=entry.created_at,
    )


def _split(entries: Sequence[WelfareCaseEntry], *, whole: bool) -> dict[str, list[WelfareEntryOut]]:
    return {
        "notes": [entry_out(entry, whole=whole) for entry in entries if entry.kind == WelfareEntryKind.NOTE],
        "messages": [
            entry_out(entry, whole=whole) for entry in entries if entry.kind == WelfareEntryKind.MESSAGE
        ],
    }


def case_summary(case: WelfareCase, now: datetime) -> WelfareCaseSummary:
    return WelfareCaseSummary(
        id=case.id,
        origin=case.origin,
        category=case.category,
        urgency=case.urgency,
        status=case.status,
        country=case.country,
        employer_id=case.employer_id,
        seeker_id=case.seeker_id,
        worker_name=case.worker_name,
        assigned_to=case.assigned_to,
        opened_at=case.created_at,
        first_response_due_at=case.first_response_due_at,
        first_responded_at=case.first_responded_at,
        overdue=is_overdue(case, now),
    )


def case_out(case: WelfareCase, entries: Sequence[WelfareCaseEntry], now: datetime) -> WelfareCaseOut:
    """For officers: everything, internal notes and who wrote each entry included."""
    return WelfareCaseOut(
        **case_summary(case, now).model_dump(),
        reporter_id=case.reporter_id,
        recorded_by=case.recorded_by,
        channel=case.channel,
        application_id=case.application_id,
        description=case.description,
        reporter_relationship=case.reporter_relationship,
        worker_contact=case.worker_contact,
        identity_shared_with_employer=case.identity_shared_with_employer,
        referral_target=case.referral_target,
        referral_note=case.referral_note,
        substantiated=case.substantiated,
        closed_at=case.closed_at,
        employer_suspended_at=case.employer_suspended_at,
        employer_suspended_by=case.employer_suspended_by,
        employer_suspension_reason=case.employer_suspension_reason,
        **_split(entries, whole=True),
    )


def followed_summary(case: WelfareCase) -> FollowedWelfareCaseSummary:
    return FollowedWelfareCaseSummary(
        id=case.id,
        origin=case.origin,
        category=case.category,
        urgency=case.urgency,
        status=case.status,
        country=case.country,
        employer_id=case.employer_id,
        worker_name=case.worker_name,
        identity_shared_with_employer=case.identity_shared_with_employer,
        opened_at=case.created_at,
    )


def followed_out(case: WelfareCase, shared: Sequence[WelfareCaseEntry]) -> FollowedWelfareCaseOut:
    """For the worker who follows it: no internal note (left out here too, whatever ``shared``
    holds), no assignee, no officer's name."""
    return FollowedWelfareCaseOut(
        **followed_summary(case).model_dump(),
        application_id=case.application_id,
        description=case.description,
        reporter_relationship=case.reporter_relationship,
        worker_contact=case.worker_contact,
        first_responded_at=case.first_responded_at,
        referral_target=case.referral_target,
        referral_note=case.referral_note,
        substantiated=case.substantiated,
        closed_at=case.closed_at,
        **_split([entry for entry in shared if entry.visibility == WelfareVisibility.SHARED], whole=False),
    )


def employer_case_out(case: WelfareCase) -> EmployerWelfareCaseOut:
    """For the accused employer's members: no description, notes, messages, reporter or contact;
    the worker's name only when the worker agreed."""
    return EmployerWelfareCaseOut(
        id=case.id,
        category=case.category,
        country=case.country,
        status=case.status,
        opened_at=case.created_at,
        substantiated=case.substantiated,
        worker_name=case.worker_name if case.identity_shared_with_employer else None,
    )
