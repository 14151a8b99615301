"""Who may see and change a vacancy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import Officer, is_officer, is_staff, require_officer
from imis_jobs.employers import repository as employers
from imis_jobs.employers.models import Employer
from imis_jobs.vacancies import repository
from imis_jobs.vacancies.models import Vacancy, VacancyStatus
from imis_shared.auth import CurrentPrincipal, OptionalPrincipal, Principal
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound

# Statuses anyone may read (while the employer is in good standing): never a draft, nor a job order
# pending approval.
PUBLIC = frozenset({VacancyStatus.PUBLISHED, VacancyStatus.CLOSED, VacancyStatus.FILLED})


@dataclass
class VacancyContext:
    vacancy: Vacancy
    employer: Employer
    principal: Principal
    is_member: bool

    @property
    def sees_internals(self) -> bool:
        """The employer's members and staff see what is between them and the ministry (approval notes)."""
        return self.is_member or is_staff(self.principal)


async def _load(session: SessionDep, vacancy_id: uuid.UUID, principal: Principal) -> VacancyContext:
    vacancy = await repository.get(session, vacancy_id)
    if vacancy is None:
        raise NotFound("No such vacancy.")
    employer = await employers.get(session, vacancy.employer_id)
    assert employer is not None
    member = principal.is_authenticated and (
        await employers.membership(session, employer.id, principal.subject or "") is not None
    )
    return VacancyContext(vacancy, employer, principal, member)


async def vacancy_for_reader(
    vacancy_id: uuid.UUID, principal: OptionalPrincipal, session: SessionDep
) -> VacancyContext:
    context = await _load(session, vacancy_id, principal)
    public = context.vacancy.status in PUBLIC and context.employer.in_good_standing
    if not (public or context.is_member or is_staff(principal)):
        # Drafts, job orders pending approval and the vacancies of closed employers are not revealed.
        raise NotFound("No such vacancy.")
    return context


async def vacancy_for_editor(
    vacancy_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> VacancyContext:
    context = await _load(session, vacancy_id, principal)
    if not (context.is_member or is_officer(principal)):
        raise Forbidden("Only the employer's members and officers can change this vacancy.")
    return context


async def vacancy_for_approver(
    vacancy_id: uuid.UUID, principal: Officer, session: SessionDep
) -> VacancyContext:
    require_officer(principal, "Only officers and admins in person approve job orders.")
    return await _load(session, vacancy_id, principal)


def require_status_right(context: VacancyContext, target: VacancyStatus) -> None:
    """The employer's members move a vacancy; officers may only close it (and decide on its approval,
    a route of its own)."""
    if not context.is_member and target != VacancyStatus.CLOSED:
        raise Forbidden(
            "Officers can close a vacancy; publishing, withdrawing and filling are the employer's."
        )


ReadableVacancy = Annotated[VacancyContext, Depends(vacancy_for_reader)]
EditableVacancy = Annotated[VacancyContext, Depends(vacancy_for_editor)]
ApprovableVacancy = Annotated[VacancyContext, Depends(vacancy_for_approver)]
