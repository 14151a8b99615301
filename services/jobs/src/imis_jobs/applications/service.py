"""Application rules: one active application per seeker and vacancy (again after a return), before
the deadline; invitations; and who may take each step."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import notifications
from imis_jobs.applications import employment, repository
from imis_jobs.applications.models import Actor, Application, ApplicationEvent, ApplicationStatus
from imis_jobs.applications.schemas import TransitionIn
from imis_jobs.applications.workflow import allowed, may_take
from imis_jobs.config import JobsSettings
from imis_jobs.departure_checks import Departure
from imis_jobs.departure_checks import check as check_departure
from imis_jobs.employers.models import Employer
from imis_jobs.programmes.models import Programme, Season
from imis_jobs.programmes.quotas import Places, release_places, take_places
from imis_jobs.programmes.service import eligibility_problem, period_problem, return_due_on
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.vacancies.models import Vacancy, VacancyStatus
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, Forbidden, InvalidState, ValidationFailed


async def _check_eligible(session: AsyncSession, vacancy: Vacancy, seeker: JobSeeker) -> None:
    if vacancy.programme_id is None:
        return
    programme = await session.get(Programme, vacancy.programme_id)
    problem = programme and eligibility_problem(programme, citizenship=seeker.citizenship)
    if problem:
        raise InvalidState(f"Not eligible: {problem}.", reason="not_eligible")


async def _check_employer(session: AsyncSession, vacancy: Vacancy, doing: str) -> None:
    """A suspended or rejected employer's vacancies take no applications and no acceptances."""
    employer = await session.get(Employer, vacancy.employer_id)
    assert employer is not None  # the foreign key guarantees it
    if not employer.in_good_standing:
        raise InvalidState(
            f"The employer is {employer.status.value}: its vacancies take no {doing} until the ministry "
            "reinstates it.",
            employer_status=employer.status.value,
        )


# Steps a programme allows only between its first and last day.
PERIOD_BOUND = frozenset({ApplicationStatus.ACCEPTED, ApplicationStatus.DEPARTED})


async def _check_period(
    session: AsyncSession, programme: Programme, season_id: uuid.UUID | None, to: ApplicationStatus
) -> None:
    """Within the programme's dates, and its season's when the step is for one."""
    today = utcnow().date()
    season = await session.get(Season, season_id) if season_id else None
    problem = period_problem(programme.name, programme.starts_on, programme.ends_on, today)
    if problem is None and season is not None:
        problem = period_problem(f"the season {season.name}", season.starts_on, season.ends_on, today)
    if problem:
        raise InvalidState(f"Not {to.value} now: {problem}.", reason="outside_programme_period")


async def _check_open(session: AsyncSession, vacancy: Vacancy) -> None:
    if vacancy.status != VacancyStatus.PUBLISHED:
        raise InvalidState(f"The vacancy is {vacancy.status}: it takes no applications.")
    if vacancy.application_deadline < utcnow().date():
        raise InvalidState("The application deadline has passed.")
    await _check_employer(session, vacancy, "applications")


async def _start(
    session: AsyncSession,
    vacancy: Vacancy,
    seeker: JobSeeker,
    status: ApplicationStatus,
    actor: Actor,
    actor_id: str,
    note: str | None,
) -> Application:
    if await repository.find_active(session, vacancy.id, seeker.id) is not None:
        raise Conflict("This seeker already has an application for this vacancy.")
    application = Application(
        vacancy_id=vacancy.id, seeker_id=seeker.id, status=status, invited=status == ApplicationStatus.INVITED
    )
    session.add(application)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent duplicate, refused by the partial unique index
        raise Conflict("This seeker already has an application for this vacancy.") from None
    session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=None,
            to_status=status,
            actor=actor,
            actor_id=actor_id,
            note=note,
        )
    )
    await session.flush()
    return application


async def apply(session: AsyncSession, vacancy: Vacancy, seeker: JobSeeker, note: str | None) -> Application:
    await _check_open(session, vacancy)
    await _check_eligible(session, vacancy, seeker)
    assert seeker.user_id is not None  # a seeker applies with their own profile (seekers.service.own)
    return await _start(
        session, vacancy, seeker, ApplicationStatus.SUBMITTED, Actor.SEEKER, seeker.user_id, note
    )


async def invite(
    session: AsyncSession, vacancy: Vacancy, seeker: JobSeeker, employer_user: str, note: str | None
) -> Application:
    await _check_open(session, vacancy)
    if not seeker.discoverable:
        raise Forbidden("This seeker has not consented to be found by employers.")
    await _check_eligible(session, vacancy, seeker)
    application = await _start(
        session, vacancy, seeker, ApplicationStatus.INVITED, Actor.EMPLOYER, employer_user, note
    )
    await notifications.tell(
        session,
        seeker.user_id,
        notifications.INVITATION_RECEIVED,
        application_id=str(application.id),
        vacancy_id=str(vacancy.id),
        vacancy=vacancy.title,
    )
    return application


HOLDS_A_PLACE = frozenset(
    {ApplicationStatus.ACCEPTED, ApplicationStatus.CONTRACT_SIGNED, ApplicationStatus.VISA_ISSUED}
)


async def _programme_step(
    session: AsyncSession,
    programme: Programme,
    application: Application,
    vacancy: Vacancy,
    current: ApplicationStatus,
    to: ApplicationStatus,
) -> None:
    """The programme's part of a step: its period (and its season's), its places, the return date.
    An acceptance is for the vacancy's season; the departure, for the one whose place it holds."""
    if to in PERIOD_BOUND:
        season_id = vacancy.season_id if to == ApplicationStatus.ACCEPTED else application.season_id
        await _check_period(session, programme, season_id, to)
    if to == ApplicationStatus.ACCEPTED:
        seeker = await session.get(JobSeeker, application.seeker_id)
        assert seeker is not None  # the foreign key guarantees it
        places = await take_places(
            session, programme.id, season_id=vacancy.season_id, citizenship=seeker.citizenship
        )
        application.season_id, application.citizenship_quota_id = (
            places.season_id,
            places.citizenship_quota_id,
        )
    elif to == ApplicationStatus.WITHDRAWN and current in HOLDS_A_PLACE:
        await release_places(
            session, programme.id, Places(application.season_id, application.citizenship_quota_id)
        )
        application.season_id = application.citizenship_quota_id = None
    elif to == ApplicationStatus.DEPARTED:
        application.return_due_on = return_due_on(programme, utcnow().date())


async def step(
    session: AsyncSession,
    application: Application,
    vacancy: Vacancy,
    change: TransitionIn,
    actor: Actor,
    actor_id: str,
    *,
    settings: JobsSettings,
) -> Application:
    """One step of the timeline; accepting takes a place in the vacancy's programme quota, its
    season's and the seeker's citizenship's reserved quota (409 when one is full), and withdrawing
    after acceptance gives them back; departing under a return obligation records the return date.
    A step out of an interview may record its result; the return, whether the worker kept the return
    obligation."""
    current, to = application.status, change.to
    if not may_take(current, to, actor):
        options = allowed(current, actor)
        raise InvalidState(
            f"As {actor.value} you cannot move a {current.value} application to {to.value}; "
            f"allowed: {', '.join(options) or 'nothing'}.",
            current_status=current.value,
            allowed=options,
        )
    if change.interview_result is not None and current != ApplicationStatus.INTERVIEW:
        raise ValidationFailed.field(
            "interview_result",
            f"An interview's result goes with a step out of an interview; this one is {current.value}.",
            "not_after_interview",
        )
    await employment.check_step(session, application, change)
    if to == ApplicationStatus.ACCEPTED:
        await _check_employer(session, vacancy, "acceptances")
    if to == ApplicationStatus.DEPARTED:  # e.g. a valid orientation certificate (departure_checks)
        seeker_id, country = application.seeker_id, vacancy.destination_country
        await check_departure(session, Departure(seeker_id, country, vacancy.programme_id, settings))
    programme = await session.get(Programme, vacancy.programme_id) if vacancy.programme_id else None
    if programme is not None:
        await _programme_step(session, programme, application, vacancy, current, to)
    session.add(
        ApplicationEvent(
            application_id=application.id,
            from_status=current,
            to_status=to,
            actor=actor,
            actor_id=actor_id,
            note=change.note,
            interview_result=change.interview_result,
            **employment.step_details(change),
        )
    )
    application.status = to
    if to == ApplicationStatus.RETURNED:
        application.returned_as_agreed = change.returned_as_agreed
    await session.flush()
    seeker = await session.get(JobSeeker, application.seeker_id)
    user_id = seeker.user_id if seeker is not None else None
    told = {"application_id": str(application.id), "vacancy_id": str(vacancy.id), "vacancy": vacancy.title}
    if actor is not Actor.SEEKER:  # the seeker knows what they did themselves
        await notifications.tell(
            session, user_id, notifications.APPLICATION_STATUS_CHANGED, **told, status=to.value
        )
    if to == ApplicationStatus.ACCEPTED:
        await _tell_what_departure_needs(session, application, vacancy, user_id, told, settings)
    return application


async def _tell_what_departure_needs(
    session: AsyncSession,
    application: Application,
    vacancy: Vacancy,
    user_id: str | None,
    told: dict[str, str],
    settings: JobsSettings,
) -> None:
    """On acceptance, the worker learns what they must still obtain before they may depart (today: the
    pre-departure orientation certificate), asking the departure checks as an officer's departure
    step will, without recording anything."""
    departure = Departure(application.seeker_id, vacancy.destination_country, vacancy.programme_id, settings)
    try:
        await check_departure(session, departure)
    except InvalidState as refusal:
        needed = str(refusal.extensions.get("reason", ""))
        if needed:
            await notifications.tell(session, user_id, notifications.DOCUMENTS_NEEDED, **told, needed=needed)
