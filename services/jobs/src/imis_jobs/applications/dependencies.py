"""Who an application's caller is to it (seeker, employer, officer), and who may see it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from imis_jobs.access import SeekerUser, is_officer, reads_consenting_seekers
from imis_jobs.applications import repository
from imis_jobs.applications.models import Actor, Application, ApplicationStatus
from imis_jobs.applications.workflow import STEPS
from imis_jobs.employers.dependencies import require_verified_member
from imis_jobs.seekers import repository as seekers
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.vacancies.models import Vacancy
from imis_shared.auth import CurrentPrincipal, Principal, PrincipalKind
from imis_shared.db import SessionDep
from imis_shared.errors import Forbidden, NotFound


@dataclass
class Case:
    application: Application
    vacancy: Vacancy
    seeker: JobSeeker
    actors: set[Actor]
    principal: Principal


def actors(
    principal: Principal, vacancy: Vacancy, seeker: JobSeeker, member_of: set[uuid.UUID]
) -> set[Actor]:
    """The parts a person plays in an application to ``vacancy`` by ``seeker``, being a member
    of the employers ``member_of``; a machine client plays none."""
    found: set[Actor] = set()
    if principal.kind is PrincipalKind.USER:
        if seeker.user_id == principal.subject:
            found.add(Actor.SEEKER)
        if vacancy.employer_id in member_of:
            found.add(Actor.EMPLOYER)
        if is_officer(principal):
            found.add(Actor.OFFICER)
    return found


async def cases(session: SessionDep, principal: Principal, applications: Sequence[Application]) -> list[Case]:
    """Each application with its vacancy, seeker and what the caller is to it, in a fixed number
    of queries whatever their count."""
    found_vacancies, found_seekers, member_of = await repository.parties(
        session, applications, principal.subject
    )
    result = []
    for application in applications:
        vacancy, seeker = found_vacancies[application.vacancy_id], found_seekers[application.seeker_id]
        result.append(
            Case(application, vacancy, seeker, actors(principal, vacancy, seeker, member_of), principal)
        )
    return result


async def load_case(application_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep) -> Case:
    application = await repository.get(session, application_id)
    if application is None:
        raise NotFound("No such application.")
    (case,) = await cases(session, principal, [application])
    if not case.actors and not is_officer(principal):
        raise Forbidden("Only the seeker, the employer and ministry officers can see this application.")
    return case


@dataclass
class SeekerRecord:
    """A seeker's profile with every application of theirs: what the data export holds."""

    seeker: JobSeeker
    cases: list[Case]


async def own_record(user: SeekerUser, session: SessionDep) -> SeekerRecord:
    seeker = await seekers.by_user(session, user.subject or "")
    if seeker is None:
        raise NotFound("You have no profile.")
    return SeekerRecord(seeker, await cases(session, user, await repository.for_seeker(session, seeker.id)))


CaseDep = Annotated[Case, Depends(load_case)]
OwnRecord = Annotated[SeekerRecord, Depends(own_record)]


def listing_parties(principal: Principal) -> tuple[str | None, str | None]:
    """Whose applications a list shows, as (seeker user, employer member): all for officers in
    person, a seeker's own, the applications to an employer member's vacancies; anyone else,
    machine clients included, is refused."""
    if is_officer(principal):
        return None, None
    if "job_seeker" in principal.roles:
        return principal.subject or "", None
    if "employer" in principal.roles:
        return None, principal.subject or ""
    raise Forbidden("Only seekers, employers and ministry officers have applications to list.")


def acting_part(case: Case, to: ApplicationStatus) -> Actor:
    """The part the caller plays in moving ``case`` to ``to``: one the step admits if they play it
    (the first by name, so a member of the employer who is also an officer acts as the employer),
    else any they play (the service then refuses the step, naming the steps they may take)."""
    admitted = sorted(STEPS.get((case.application.status, to), frozenset()) & case.actors)
    actor = next(iter(admitted or sorted(case.actors)), None)
    if actor is None:
        raise Forbidden("Machine clients can read applications but not move them.")
    return actor


@dataclass(frozen=True)
class SeekerSight:
    """A job seeker as the caller may see them: staff the whole profile; a verified employer's
    member the profile without birth date, with contact details only if the seeker applied to
    one of its vacancies (``workflow.CONTACT_HIDDEN``)."""

    seeker: JobSeeker
    whole: bool
    with_contact: bool


async def seeker_in_sight(
    seeker_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> SeekerSight:
    """Officers in person see any seeker. Members of a verified employer see a seeker who consented
    to be found, or who applied to one of their vacancies; machine clients with
    `jobs:seekers:read` one who consented. Others are refused."""
    seeker = await seekers.by_id(session, seeker_id)
    if is_officer(principal):
        if seeker is None:
            raise NotFound("No such job seeker.")
        return SeekerSight(seeker, whole=True, with_contact=True)
    if reads_consenting_seekers(principal):
        if seeker is None or not seeker.discoverable:
            raise NotFound("No such job seeker.")
        return SeekerSight(seeker, whole=False, with_contact=False)
    member = await require_verified_member(
        session, principal, "Only ministry staff and verified employers can see job seekers."
    )
    if seeker is None:
        raise NotFound("No such job seeker.")
    if await repository.has_applied_to_employer_of(session, seeker.id, member):
        return SeekerSight(seeker, whole=False, with_contact=True)
    if not seeker.discoverable:
        raise NotFound("No such job seeker.")
    return SeekerSight(seeker, whole=False, with_contact=False)


SeekerInSight = Annotated[SeekerSight, Depends(seeker_in_sight)]
