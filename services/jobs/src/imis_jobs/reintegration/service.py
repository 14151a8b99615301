"""Return and reintegration rules: who records a return and what it must say, the step to
`returned` it takes, the worker's consent to the returnee pool, referrals, follow-ups, and the
suppressed return statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.access import is_officer
from imis_jobs.applications import employment
from imis_jobs.applications import repository as applications
from imis_jobs.applications.models import Actor, Application, ApplicationStatus
from imis_jobs.applications.workflow import ABROAD
from imis_jobs.programmes.service import add_months
from imis_jobs.reintegration import repository
from imis_jobs.reintegration.models import (
    FOLLOW_UP_MONTHS,
    FollowUp,
    Referral,
    ReferralStatus,
    ReturnSkill,
    WorkerReturn,
)
from imis_jobs.reintegration.schemas import (
    FollowUpIn,
    ReferralIn,
    ReferralStatusIn,
    ReturnCell,
    ReturnIn,
    ReturnStatistics,
    ReturnTable,
)
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import Vacancy
from imis_shared.auth import Principal
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, FieldError, InvalidState, NotFound, ValidationFailed, body_error
from imis_shared.suppression import suppress

# A return may be recorded for a placement abroad, or one already returned (by the officer's step).
RETURNABLE = ABROAD | {ApplicationStatus.RETURNED}


@dataclass(frozen=True)
class Recorder:
    """Who records a return, and for whom."""

    actor: Actor
    user_id: str


def _caller_fields(data: ReturnIn, officer: bool) -> list[FieldError]:
    """The fields only one kind of caller may send."""
    errors: list[FieldError] = []
    if officer:
        if data.seeker_id is None:
            errors.append(body_error("seeker_id", "is required when an officer records a return", "required"))
        if data.joins_returnee_pool is not None:
            errors.append(
                body_error("joins_returnee_pool", "is the worker's consent: only they give it", "worker_only")
            )
    else:
        if data.seeker_id is not None:
            errors.append(
                body_error("seeker_id", "is for officers: a worker records their own return", "officer_only")
            )
        if data.returned_as_agreed is not None:
            errors.append(body_error("returned_as_agreed", "is recorded by officers", "officer_only"))
    if data.returned_as_agreed is not None and data.application_id is None:
        errors.append(
            body_error("returned_as_agreed", "goes with a placement (application_id)", "no_placement")
        )
    return errors


async def _placement(
    session: AsyncSession, data: ReturnIn, seeker: JobSeeker | None, errors: list[FieldError]
) -> Application | None:
    if data.application_id is None or seeker is None:  # no seeker: the error names seeker_id
        return None
    application = await applications.get(session, data.application_id)
    if application is None or application.seeker_id != seeker.id:
        errors.append(
            body_error("application_id", "is not an application of this seeker", "unknown_application")
        )
        return None
    return application


async def record(
    session: AsyncSession, principal: Principal, data: ReturnIn, taxonomy: Taxonomy
) -> WorkerReturn:
    """Record a return by the worker (for themself) or an officer (for ``seeker_id``). With a
    placement not yet `returned`, the application takes that step now, the caller as its actor.
    422 naming each field that cannot be; 409 for a placement that has not departed or whose return
    is recorded already."""
    officer = is_officer(principal)
    recorder = Recorder(Actor.OFFICER if officer else Actor.SEEKER, principal.subject or "")
    errors = _caller_fields(data, officer)
    seeker: JobSeeker | None
    if officer:
        seeker = await seekers.by_id(session, data.seeker_id) if data.seeker_id else None
        if data.seeker_id is not None and seeker is None:
            errors.append(body_error("seeker_id", "is not a job seeker", "unknown_seeker"))
    else:
        seeker = await seekers.by_user(session, recorder.user_id)
        if seeker is None:
            raise NotFound("You have no profile yet; create it with POST /seekers/me.")
    today = utcnow().date()
    if data.returned_on > today:
        errors.append(body_error("returned_on", "is in the future", "future"))
    for index, skill in enumerate(data.skills_gained):
        if skill not in taxonomy.skills:
            errors.append(body_error(f"skills_gained.{index}", "is not an ESCO skill", "unknown_skill"))
    application = await _placement(session, data, seeker, errors)
    if application is not None:
        departed_on = await _departed_on(session, application)
        if departed_on is not None and data.returned_on < departed_on:
            errors.append(body_error("returned_on", "is before the departure", "before_departure"))
    if errors:
        raise ValidationFailed("The return cannot be recorded.", errors=errors)
    assert seeker is not None  # a missing seeker is an error above
    returned_from, occupation_id = data.returned_from, None
    if application is not None:
        await _take_return(session, application, data, recorder)
        vacancy = await session.get(Vacancy, application.vacancy_id)
        assert vacancy is not None  # the foreign key guarantees it
        returned_from = returned_from or vacancy.destination_country
        occupation_id = vacancy.occupation_id
    else:
        occupation_id = await repository.main_occupation(session, seeker.id)
    assert returned_from is not None  # required without a placement (ReturnIn)
    consent = bool(data.joins_returnee_pool)
    worker_return = WorkerReturn(
        seeker_id=seeker.id,
        application_id=application.id if application else None,
        returned_on=data.returned_on,
        returned_from=returned_from,
        reason=data.reason,
        occupation_id=occupation_id,
        qualifications_gained=list(data.qualifications_gained),
        savings_and_remittance_plans=data.savings_and_remittance_plans or None,
        needs=[need.value for need in data.needs],
        joins_returnee_pool=consent,
        pool_consent_changed_at=utcnow() if consent else None,
        recorded_by=recorder.user_id,
        recorded_as=recorder.actor,
    )
    session.add(worker_return)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent return for the same placement, refused by the unique key
        raise Conflict("The return from this placement is recorded already.") from None
    session.add_all(ReturnSkill(return_id=worker_return.id, skill_id=skill) for skill in data.skills_gained)
    session.add_all(
        FollowUp(return_id=worker_return.id, month=month, due_on=add_months(data.returned_on, month))
        for month in FOLLOW_UP_MONTHS
    )
    await session.flush()
    return worker_return


async def _departed_on(session: AsyncSession, application: Application) -> date | None:
    events = (await applications.timelines(session, [application.id]))[application.id]
    departures = [e.occurred_at.date() for e in events if e.to_status == ApplicationStatus.DEPARTED]
    return departures[-1] if departures else None


async def _take_return(
    session: AsyncSession, application: Application, data: ReturnIn, recorder: Recorder
) -> None:
    if application.status not in RETURNABLE:
        raise InvalidState(
            f"The placement is {application.status.value}: a return is recorded once the worker departed.",
            current_status=application.status.value,
        )
    if await repository.for_application(session, application.id) is not None:
        raise Conflict("The return from this placement is recorded already.")
    agreed = data.returned_as_agreed
    if agreed is None and application.return_due_on is not None:
        agreed = data.returned_on <= application.return_due_on
    if application.status != ApplicationStatus.RETURNED:
        await employment.take_return(session, application, recorder.actor, recorder.user_id, agreed)
    elif data.returned_as_agreed is not None or application.returned_as_agreed is None:
        application.returned_as_agreed = agreed


async def set_pool_consent(session: AsyncSession, worker_return: WorkerReturn, joins: bool) -> None:
    if worker_return.joins_returnee_pool != joins:
        worker_return.joins_returnee_pool = joins
        worker_return.pool_consent_changed_at = utcnow()
        await session.flush()


async def add_referral(
    session: AsyncSession, worker_return: WorkerReturn, data: ReferralIn, officer: str
) -> Referral:
    if data.referred_on > utcnow().date():
        raise ValidationFailed.field("referred_on", "is in the future", "future")
    referral = Referral(return_id=worker_return.id, recorded_by=officer, **data.model_dump())
    session.add(referral)
    await session.flush()
    return referral


# Where a referral may go from each status; completed and declined are final.
REFERRAL_STEPS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.REFERRED: frozenset(
        {ReferralStatus.IN_PROGRESS, ReferralStatus.COMPLETED, ReferralStatus.DECLINED}
    ),
    ReferralStatus.IN_PROGRESS: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DECLINED}),
}


async def set_referral_status(
    session: AsyncSession, referral: Referral, data: ReferralStatusIn, officer: str
) -> Referral:
    allowed = REFERRAL_STEPS.get(referral.status, frozenset())
    if data.status not in allowed:
        raise InvalidState(
            f"A {referral.status.value} referral cannot become {data.status.value}; "
            f"allowed: {', '.join(sorted(allowed)) or 'nothing'}.",
            current_status=referral.status.value,
        )
    referral.status = data.status
    referral.recorded_by = officer
    if data.note is not None:
        referral.note = data.note or None
    await session.flush()
    return referral


async def record_follow_up(
    session: AsyncSession, worker_return: WorkerReturn, month: int, data: FollowUpIn, officer: str
) -> FollowUp:
    follow_up = await repository.follow_up(session, worker_return.id, month)
    assert follow_up is not None  # each return is created with its follow-ups
    if follow_up.recorded_on is not None:
        raise Conflict(f"The {month}-month follow-up is recorded already.")
    follow_up.recorded_on = utcnow().date()
    follow_up.outcome = data.outcome
    follow_up.note = data.note or None
    follow_up.recorded_by = officer
    await session.flush()
    return follow_up


NOT_FOLLOWED_UP = "not_followed_up"


def count_table(group_by: str, counts: dict[str, int], k: int) -> ReturnTable:
    """A one-way count table with its cells below ``k`` suppressed, and as many more as it takes
    for none to be worked out from the total (``imis_shared.suppression``)."""
    hidden = suppress({(key,): count for key, count in counts.items()}, 1, k)

    def cell(key: dict[str, str], count: int, suppressed: bool) -> ReturnCell:
        return ReturnCell(key=key, count=None if suppressed else count, suppressed=suppressed)

    cells = [
        cell({group_by: key}, count, (key,) in hidden.cells)
        for key, count in sorted(counts.items())
        if count > 0
    ]
    return ReturnTable(group_by=group_by, cells=cells, total=cell({}, sum(counts.values()), hidden.total))


async def statistics(session: AsyncSession, k: int) -> ReturnStatistics:
    by_reason = dict(await repository.counts_by(session, "reason"))
    by_country = dict(await repository.counts_by(session, "returned_from"))
    outcomes = {
        (outcome.value if outcome is not None else NOT_FOLLOWED_UP): count
        for outcome, count in await repository.outcome_counts(session)
    }
    return ReturnStatistics(
        min_cell=k,
        by_reason=count_table("reason", by_reason, k),
        by_country=count_table("returned_from", by_country, k),
        outcomes=count_table("outcome", outcomes, k),
    )
