"""Returns, returnees and follow-ups as their callers see them."""

from __future__ import annotations

from datetime import date

from imis_jobs.reintegration.models import FollowUp, FollowUpMonth, Need, Referral, WorkerReturn
from imis_jobs.reintegration.repository import Details, DueRow, PoolRow
from imis_jobs.reintegration.schemas import (
    DueFollowUpOut,
    FollowUpOut,
    GainedSkill,
    ReferralOut,
    ReturneeOut,
    ReturnOut,
)
from imis_jobs.taxonomy.service import Taxonomy


def gained(skill_ids: list[str], taxonomy: Taxonomy) -> list[GainedSkill]:
    return [
        GainedSkill(skill_id=skill_id, label=skill.label if (skill := taxonomy.skills.get(skill_id)) else "")
        for skill_id in skill_ids
    ]


def referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut.model_validate(referral, from_attributes=True)


def follow_up_out(follow_up: FollowUp, today: date) -> FollowUpOut:
    return FollowUpOut(
        month=FollowUpMonth(follow_up.month),
        due_on=follow_up.due_on,
        overdue=follow_up.recorded_on is None and follow_up.due_on < today,
        recorded_on=follow_up.recorded_on,
        outcome=follow_up.outcome,
        note=follow_up.note,
        recorded_by=follow_up.recorded_by,
    )


def return_out(
    worker_return: WorkerReturn,
    details: Details,
    taxonomy: Taxonomy,
    today: date,
    invitation_url: str | None,
) -> ReturnOut:
    """``invitation_url``: the diaspora registry's, in the worker's own view only."""
    key = worker_return.id
    return ReturnOut(
        id=key,
        seeker_id=worker_return.seeker_id,
        seeker_name=details.names.get(worker_return.seeker_id, ""),
        application_id=worker_return.application_id,
        returned_on=worker_return.returned_on,
        returned_from=worker_return.returned_from,
        reason=worker_return.reason,
        occupation_id=worker_return.occupation_id,
        skills_gained=gained(details.skills.get(key, []), taxonomy),
        qualifications_gained=list(worker_return.qualifications_gained),
        savings_and_remittance_plans=worker_return.savings_and_remittance_plans,
        needs=[Need(need) for need in worker_return.needs],
        joins_returnee_pool=worker_return.joins_returnee_pool,
        returned_as_agreed=details.returned_as_agreed.get(key),
        recorded_by=worker_return.recorded_by,
        recorded_as=worker_return.recorded_as,
        referrals=[referral_out(r) for r in details.referrals.get(key, [])],
        follow_ups=[follow_up_out(f, today) for f in details.follow_ups.get(key, [])],
        diaspora_invitation_url=invitation_url,
        created_at=worker_return.created_at,
    )


def returnee_out(row: PoolRow, skill_ids: list[str], taxonomy: Taxonomy) -> ReturneeOut:
    occupation = taxonomy.occupations.get(row.occupation_id) if row.occupation_id else None
    return ReturneeOut(
        return_id=row.return_id,
        seeker_id=row.seeker_id,
        name=row.name,
        occupation_id=row.occupation_id,
        occupation_label=occupation.label if occupation else None,
        skills_gained=gained(skill_ids, taxonomy),
        returned_from=row.returned_from,
        returned_on=row.returned_on,
        returned_as_agreed=row.returned_as_agreed,
    )


def due_out(row: DueRow, today: date) -> DueFollowUpOut:
    return DueFollowUpOut(
        return_id=row.return_id,
        seeker_id=row.seeker_id,
        seeker_name=row.seeker_name,
        month=FollowUpMonth(row.month),
        due_on=row.due_on,
        days_overdue=max(0, (today - row.due_on).days),
    )
