"""How an application is shown to its caller: contact details and next steps depend on who asks."""

from __future__ import annotations

from datetime import date

from imis_jobs.access import is_officer
from imis_jobs.applications.dependencies import Case
from imis_jobs.applications.models import Actor, ApplicationEvent, ApplicationStatus
from imis_jobs.applications.repository import OverdueRow
from imis_jobs.applications.schemas import (
    ApplicationOut,
    ContactOut,
    EventOut,
    OverdueReturnOut,
)
from imis_jobs.applications.workflow import CONTACT_HIDDEN, allowed


def application_out(case: Case, events: list[ApplicationEvent]) -> ApplicationOut:
    status = case.application.status
    show_contact = status not in CONTACT_HIDDEN or Actor.SEEKER in case.actors or is_officer(case.principal)
    return ApplicationOut(
        id=case.application.id,
        vacancy_id=case.vacancy.id,
        vacancy_title=case.vacancy.title,
        employer_id=case.vacancy.employer_id,
        seeker_id=case.seeker.id,
        seeker_name=case.seeker.full_name,
        status=status,
        invited=case.application.invited,
        seeker_contact=ContactOut(phone=case.seeker.phone, email=case.seeker.email) if show_contact else None,
        allowed_next=sorted({ApplicationStatus(s) for actor in case.actors for s in allowed(status, actor)}),
        returned_as_agreed=case.application.returned_as_agreed,
        return_due_on=case.application.return_due_on,
        timeline=[EventOut.model_validate(e, from_attributes=True) for e in events],
        created_at=case.application.created_at,
        updated_at=case.application.updated_at,
    )


def overdue_return_out(row: OverdueRow, today: date) -> OverdueReturnOut:
    return OverdueReturnOut(
        application_id=row.application_id,
        vacancy_id=row.vacancy_id,
        vacancy_title=row.vacancy_title,
        seeker_id=row.seeker_id,
        seeker_name=row.seeker_name,
        return_due_on=row.return_due_on,
        days_overdue=(today - row.return_due_on).days,
    )
