"""Who may see and change a vacancy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import is_officer, is_staff
from imis_jobs.employers import repository as employers
from imis_jobs.employers.models import Employer
from imis_jobs.vacancies import repository
from imis_jobs.vacancies.models import Vacancy, VacancyStatus
from imis_shared.auth import CurrentPrincipal, OptionalPrincipal, Principal
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound


@dataclass
class VacancyContext:
    vacancy: Vacancy
    employer: Employer
    principal: Principal
    is_member: bool


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
    public = context.vacancy.status != VacancyStatus.DRAFT and context.employer.in_good_standing
    if not (public or context.is_member or is_staff(principal)):
        raise NotFound("No such vacancy.")  # drafts and closed employers' vacancies are not revealed
    return context


async def vacancy_for_editor(
    vacancy_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> VacancyContext:
    context = await _load(session, vacancy_id, principal)
    if not (context.is_member or is_officer(principal)):
        raise Forbidden("Only the employer's members and officers can change this vacancy.")
    return context


def require_status_right(context: VacancyContext, target: VacancyStatus) -> None:
    """The employer's members move a vacancy; officers may only close it."""
    if not context.is_member and target != VacancyStatus.CLOSED:
        raise Forbidden("Officers can close a vacancy; publishing and filling are the employer's.")


ReadableVacancy = Annotated[VacancyContext, Depends(vacancy_for_reader)]
EditableVacancy = Annotated[VacancyContext, Depends(vacancy_for_editor)]
