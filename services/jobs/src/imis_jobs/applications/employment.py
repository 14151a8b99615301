"""Employment abroad: the steps after departure checked against the timeline and the clock, the
changes recorded while `employed`, the employment record folded from the timeline, and the step to
`returned` that recording a return takes.

Everything lives on the application's timeline (``ApplicationEvent``): a step abroad carries its
dates, a change carries its details and keeps the status `employed`. The employment record is a
fold over those events (``employment_of``), so nothing can disagree with the timeline.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.applications import repository
from imis_jobs.applications.models import (
    Actor,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    EmploymentChange,
)
from imis_jobs.applications.schemas import (
    EmployerChangeOut,
    EmploymentChangeIn,
    EmploymentOut,
    ExtensionOut,
    TerminationOut,
    TransitionIn,
)
from imis_jobs.applications.workflow import CHANGES, CHANGES_WHILE, may_record_return
from imis_jobs.employers import repository as employers
from imis_jobs.vacancies.models import Vacancy
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, Forbidden, InvalidState, ValidationFailed, body_error


def _day(event: ApplicationEvent) -> date:
    return event.occurred_at.date()


def employment_of(
    application: Application,
    events: Sequence[ApplicationEvent],
    vacancy_employer_id: uuid.UUID,
    employer_name: str,
) -> EmploymentOut:
    """The employment abroad the timeline ``events`` (oldest first) records: the latest step of each
    kind counts, extensions and changes of employer in order, the current contract end the latest
    that set one."""
    departed_on = arrived_on = started_on = contract_ends_on = initial_ends_on = returned_on = None
    current_id: uuid.UUID | None = vacancy_employer_id
    current_name = employer_name
    extensions: list[ExtensionOut] = []
    changes: list[EmployerChangeOut] = []
    termination: TerminationOut | None = None
    for event in events:
        who = {"actor": event.actor, "actor_id": event.actor_id, "occurred_at": event.occurred_at}
        if event.change == EmploymentChange.CONTRACT_EXTENDED:
            contract_ends_on = event.contract_ends_on or contract_ends_on
            extensions.append(ExtensionOut(contract_ends_on=event.contract_ends_on, note=event.note, **who))
        elif event.change == EmploymentChange.EMPLOYER_CHANGED:
            current_id, current_name = event.employer_id, event.employer_name or ""
            contract_ends_on = event.contract_ends_on or contract_ends_on
            changes.append(
                EmployerChangeOut(
                    employer_id=event.employer_id,
                    employer_name=current_name,
                    started_on=event.started_on,
                    contract_ends_on=event.contract_ends_on,
                    reason=event.note,
                    **who,
                )
            )
        elif event.to_status == ApplicationStatus.DEPARTED:
            departed_on = _day(event)
        elif event.to_status == ApplicationStatus.ARRIVED:
            arrived_on = event.arrived_on
        elif event.to_status == ApplicationStatus.EMPLOYED:
            started_on = event.started_on
            contract_ends_on = initial_ends_on = event.contract_ends_on
        elif event.to_status == ApplicationStatus.TERMINATED and event.termination_reason:
            termination = TerminationOut(reason=event.termination_reason, note=event.note, **who)
        elif event.to_status == ApplicationStatus.RETURNED:
            returned_on = _day(event)
    return EmploymentOut(
        application_id=application.id,
        status=application.status,
        departed_on=departed_on,
        arrived_on=arrived_on,
        started_on=started_on,
        contract_ends_on=contract_ends_on,
        initial_contract_ends_on=initial_ends_on,
        employer_id=current_id,
        employer_name=current_name,
        extensions=extensions,
        employer_changes=changes,
        termination=termination,
        returned_on=returned_on,
    )


async def _record(session: AsyncSession, application: Application) -> EmploymentOut:
    """The record as far as the rules need it (the employer's name is not needed)."""
    events = (await repository.timelines(session, [application.id]))[application.id]
    vacancy = await session.get(Vacancy, application.vacancy_id)
    assert vacancy is not None  # the foreign key guarantees it
    return employment_of(application, events, vacancy.employer_id, "")


def step_details(change: TransitionIn) -> dict[str, object]:
    """The columns of the timeline event a step abroad records."""
    return {
        "arrived_on": change.arrived_on,
        "started_on": change.started_on,
        "contract_ends_on": change.contract_ends_on,
        "termination_reason": change.termination_reason,
    }


async def check_step(session: AsyncSession, application: Application, change: TransitionIn) -> None:
    """A step abroad's dates against the clock and the timeline: an arrival today or earlier and not
    before the departure; an employment started today or earlier and not before the arrival. 422
    naming the field."""
    if change.arrived_on is None and change.started_on is None:
        return
    today = utcnow().date()
    record = await _record(session, application)
    errors: list[FieldError] = []
    if change.arrived_on is not None:
        if change.arrived_on > today:
            errors.append(body_error("arrived_on", "is in the future", "future"))
        elif record.departed_on and change.arrived_on < record.departed_on:
            errors.append(body_error("arrived_on", "is before the departure", "before_departure"))
    if change.started_on is not None:
        if change.started_on > today:
            errors.append(body_error("started_on", "is in the future", "future"))
        elif record.arrived_on and change.started_on < record.arrived_on:
            errors.append(body_error("started_on", "is before the arrival", "before_arrival"))
    if errors:
        raise ValidationFailed("The step's dates cannot be recorded.", errors=errors)


async def record_change(
    session: AsyncSession,
    application: Application,
    vacancy: Vacancy,
    data: EmploymentChangeIn,
    actors: set[Actor],
    actor_id: str,
) -> None:
    """Record a contract extension or a change of employer on an `employed` application's timeline.
    403 for a caller who plays no part that may record it (an employer whose worker has moved to
    another employer no longer extends the contract); 409 unless `employed`; 422 naming the field
    for a date against the clock or the record, or an unknown employer."""
    admitted = sorted(CHANGES[data.kind] & actors)
    if not admitted:
        who = " or ".join(sorted(CHANGES[data.kind]))
        raise Forbidden(f"Only the application's {who} can record a {data.kind.value.replace('_', ' ')}.")
    if application.status != CHANGES_WHILE:
        raise InvalidState(
            f"Changes to the employment are recorded while it is {CHANGES_WHILE.value}; this application "
            f"is {application.status.value}.",
            current_status=application.status.value,
        )
    actor = admitted[0]
    record = await _record(session, application)
    today = utcnow().date()
    errors: list[FieldError] = []
    employer_name = data.employer_name
    if data.kind == EmploymentChange.CONTRACT_EXTENDED:
        if actor == Actor.EMPLOYER and record.employer_id != vacancy.employer_id:
            raise Forbidden("The worker has changed employer: officers record their contract's extension.")
        if (
            record.contract_ends_on
            and data.contract_ends_on
            and data.contract_ends_on <= record.contract_ends_on
        ):
            errors.append(
                body_error("contract_ends_on", "is not after the current contract's end", "not_later")
            )
    else:
        assert data.started_on is not None  # the body requires it with a change of employer
        if data.started_on > today:
            errors.append(body_error("started_on", "is in the future", "future"))
        elif record.started_on and data.started_on < record.started_on:
            errors.append(body_error("started_on", "is before the employment started", "before_employment"))
        if data.employer_id is not None:
            employer = await employers.get(session, data.employer_id)
            if employer is None:
                errors.append(body_error("employer_id", "is not an employer registered in IMIS", "unknown"))
            else:
                employer_name = employer.name
    if errors:
        raise ValidationFailed("The change cannot be recorded.", errors=errors)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=CHANGES_WHILE,
            to_status=CHANGES_WHILE,
            actor=actor,
            actor_id=actor_id,
            note=data.reason,
            change=data.kind,
            contract_ends_on=data.contract_ends_on,
            started_on=data.started_on,
            employer_id=data.employer_id,
            employer_name=employer_name,
        )
    )
    await session.flush()


async def take_return(
    session: AsyncSession,
    application: Application,
    actor: Actor,
    actor_id: str,
    returned_as_agreed: bool | None,
) -> None:
    """The step to `returned` that recording a return takes, by the worker or an officer
    (``workflow.may_record_return``); 409 from a state with no such step."""
    current = application.status
    if not may_record_return(current, actor):
        raise InvalidState(
            f"A {current.value} application cannot take the step to returned.", current_status=current.value
        )
    session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=current,
            to_status=ApplicationStatus.RETURNED,
            actor=actor,
            actor_id=actor_id,
            note="Return recorded.",
        )
    )
    application.status = ApplicationStatus.RETURNED
    application.returned_as_agreed = returned_as_agreed
    await session.flush()
