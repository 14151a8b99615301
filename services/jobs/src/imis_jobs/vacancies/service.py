"""Vacancy rules: validation against the taxonomy, ESCO default skills, the ministry's policies on
recruitment fees and job-order approval, and the lifecycle.

Lifecycle: draft → published → closed | filled. Only a verified employer publishes (an agency with
a valid licence), before the application deadline, and under the `employer_pays` fee policy only a
vacancy that charges the worker no fee. When the ministry approves job orders (all of them, or
recruitment agencies'), asking to publish a draft makes it pending_approval instead; an officer
then approves it (→ published, the same checks again) or refuses it with a note (→ draft), and
the employer may withdraw it (→ draft). Nobody changes a pending vacancy's content, and only its
employer and staff see it. Closed and filled vacancies are final and read-only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import SERVICE
from imis_jobs.config import JobOrderApproval, RecruitmentFees
from imis_jobs.employers.models import Employer, EmployerStatus, EmployerType
from imis_jobs.models import EVENT_TABLES
from imis_jobs.programmes.models import Programme, Season
from imis_jobs.programmes.service import eligibility_problem
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import (
    ContractType,
    Requirement,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
    VacancyStatus,
)
from imis_jobs.vacancies.schemas import ApprovalDecision, VacancyCreate, VacancyFields
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, ValidationFailed, body_error
from imis_shared.events import VACANCY_PUBLISHED, emit

TRANSITIONS: dict[VacancyStatus, frozenset[VacancyStatus]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.PUBLISHED, VacancyStatus.PENDING_APPROVAL}),
    VacancyStatus.PENDING_APPROVAL: frozenset({VacancyStatus.PUBLISHED, VacancyStatus.DRAFT}),
    VacancyStatus.PUBLISHED: frozenset({VacancyStatus.CLOSED, VacancyStatus.FILLED}),
    VacancyStatus.CLOSED: frozenset(),
    VacancyStatus.FILLED: frozenset(),
}
# Moves only an officer's decision makes (decide_approval); a status request never does: a pending
# job order is published by its approval, and one asks to publish (not to await approval).
BY_DECISION = frozenset(
    {
        (VacancyStatus.DRAFT, VacancyStatus.PENDING_APPROVAL),
        (VacancyStatus.PENDING_APPROVAL, VacancyStatus.PUBLISHED),
    }
)
FEES_FORBIDDEN = (
    "the ministry's recruitment-fee policy is that the employer pays (ILO General Principles for Fair "
    "Recruitment): workers are charged no recruitment fees"
)
SCALARS = (
    "title",
    "occupation_id",
    "description",
    "destination_country",
    "destination_city",
    "positions",
    "contract_type",
    "contract_months",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "hours_per_week",
    "employer_pays_travel",
    "employer_pays_accommodation",
    "employer_pays_visa",
    "worker_fee_amount",
    "worker_fee_currency",
    "min_education_level",
    "min_experience_years",
    "application_deadline",
    "programme_id",
    "verified_languages_required",
    "season_id",
)


def check(
    merged: dict[str, Any], taxonomy: Taxonomy, *, today: date, new_deadline: bool, fees: RecruitmentFees
) -> list[FieldError]:
    """Rules across fields, against the taxonomy and the fee policy, on the vacancy as it would be
    stored (so a change to a vacancy that still charges a fee the policy forbids is refused too)."""
    errors: list[FieldError] = []
    if merged["occupation_id"] not in taxonomy.occupations:
        errors.append(body_error("occupation_id", "is not an ESCO occupation", "unknown_occupation"))
    for index, skill in enumerate(merged.get("skills") or []):
        if skill["skill_id"] not in taxonomy.skills:
            errors.append(body_error(f"skills.{index}.skill_id", "is not an ESCO skill", "unknown_skill"))
    if len({s["skill_id"] for s in merged.get("skills") or []}) != len(merged.get("skills") or []):
        errors.append(body_error("skills", "names a skill twice", "duplicate"))
    if len({lang["language"] for lang in merged.get("languages") or []}) != len(
        merged.get("languages") or []
    ):
        errors.append(body_error("languages", "names a language twice", "duplicate"))
    if Decimal(merged["salary_min"]) > Decimal(merged["salary_max"]):
        errors.append(body_error("salary_min", "is above salary_max", "range"))
    if merged["contract_type"] != ContractType.PERMANENT and not merged.get("contract_months"):
        errors.append(
            body_error("contract_months", "is required for fixed-term and seasonal contracts", "missing")
        )
    charges_fee = Decimal(merged.get("worker_fee_amount") or 0) > 0
    if charges_fee and fees == "employer_pays":
        errors.append(
            body_error("worker_fee_amount", f"must be 0: {FEES_FORBIDDEN}", "worker_fees_forbidden")
        )
    if charges_fee and not merged.get("worker_fee_currency"):
        errors.append(
            body_error("worker_fee_currency", "is required when the worker is charged a fee", "missing")
        )
    if new_deadline and merged["application_deadline"] < today:
        errors.append(body_error("application_deadline", "is in the past", "past_date"))
    return errors


def _requirements(
    vacancy: Vacancy, skills: list[dict[str, Any]] | None, languages: list[dict[str, Any]] | None
) -> None:
    if skills is not None:
        vacancy.skills = [VacancySkill(skill_id=s["skill_id"], requirement=s["requirement"]) for s in skills]
    if languages is not None:
        vacancy.languages = [VacancyLanguage(**language) for language in languages]


async def check_programme(
    session: AsyncSession, merged: dict[str, Any], taxonomy: Taxonomy
) -> list[FieldError]:
    """The programme exists, goes to the vacancy's country and covers its occupation; the season
    is one of its own."""
    errors: list[FieldError] = []
    if merged.get("season_id"):
        season = await session.get(Season, merged["season_id"])
        if season is None or season.programme_id != merged.get("programme_id"):
            errors.append(body_error("season_id", "is not a season of the vacancy's programme", "mismatch"))
    if not merged.get("programme_id"):
        return errors
    programme = await session.get(Programme, merged["programme_id"])
    if programme is None:
        return [*errors, body_error("programme_id", "is not a programme", "unknown")]
    if programme.destination_country != merged["destination_country"]:
        errors.append(
            body_error("programme_id", f"goes to {programme.destination_country}, not here", "mismatch")
        )
    occupation = taxonomy.occupations.get(merged["occupation_id"])
    problem = occupation and eligibility_problem(programme, isco_code=occupation.isco_code)
    if problem:
        errors.append(body_error("programme_id", problem, "ineligible"))
    return errors


async def create(
    session: AsyncSession,
    employer: Employer,
    data: VacancyCreate,
    taxonomy: Taxonomy,
    user_id: str,
    *,
    fees: RecruitmentFees,
) -> Vacancy:
    values = data.model_dump(exclude={"employer_id"})
    errors = check(values, taxonomy, today=utcnow().date(), new_deadline=True, fees=fees)
    errors += await check_programme(session, values, taxonomy)
    if errors:
        raise ValidationFailed("The vacancy is not valid.", errors=errors)
    from_esco = values["skills"] is None
    if from_esco:
        essential, _optional = taxonomy.occupation_skills.get(values["occupation_id"], ((), ()))
        values["skills"] = [{"skill_id": s, "requirement": Requirement.ESSENTIAL} for s in essential]
    vacancy = Vacancy(
        employer_id=employer.id,
        created_by=user_id,
        skills_from_esco=from_esco,
        status=VacancyStatus.DRAFT,
        **{key: values[key] for key in SCALARS if values.get(key) is not None},
    )
    _requirements(vacancy, values["skills"], values["languages"] or [])
    session.add(vacancy)
    await session.flush()
    return vacancy


async def update(
    session: AsyncSession, vacancy: Vacancy, data: VacancyFields, taxonomy: Taxonomy, *, fees: RecruitmentFees
) -> Vacancy:
    if vacancy.status in {VacancyStatus.CLOSED, VacancyStatus.FILLED}:
        raise InvalidState(f"A {vacancy.status} vacancy cannot be changed.")
    if vacancy.status == VacancyStatus.PENDING_APPROVAL:
        raise InvalidState(
            "The vacancy awaits the ministry's approval and cannot be changed meanwhile: withdraw it to "
            "draft first.",
            current_status=vacancy.status.value,
        )
    changes = data.model_dump(exclude_unset=True)  # null only where VacancyUpdate.clearable allows
    current: dict[str, Any] = {key: getattr(vacancy, key) for key in SCALARS}
    current["skills"] = [{"skill_id": s.skill_id, "requirement": s.requirement} for s in vacancy.skills]
    current["languages"] = [{"language": language.language} for language in vacancy.languages]
    merged = {**current, **changes}
    errors = check(
        merged, taxonomy, today=utcnow().date(), new_deadline="application_deadline" in changes, fees=fees
    )
    errors += await check_programme(session, merged, taxonomy)
    if errors:
        raise ValidationFailed("The vacancy is not valid.", errors=errors)
    for key in SCALARS:
        if key in changes:
            setattr(vacancy, key, changes[key])
    if changes.get("skills") is not None:
        vacancy.skills_from_esco = False
    _requirements(vacancy, changes.get("skills"), changes.get("languages"))
    await session.flush()
    return vacancy


def needs_approval(employer: Employer, approval: JobOrderApproval) -> bool:
    """Whether the ministry's policy has an officer approve this employer's job orders."""
    return approval == "all" or (approval == "agencies" and employer.type == EmployerType.RECRUITMENT_AGENCY)


def require_publishable(vacancy: Vacancy, employer: Employer, *, fees: RecruitmentFees) -> None:
    """The checks before a vacancy goes public, when it is sent for approval and again when approved."""
    today = utcnow().date()
    if employer.status != EmployerStatus.VERIFIED:
        raise InvalidState(
            f"Only a verified employer can publish; this employer is {employer.status}.",
            employer_status=employer.status.value,
        )
    if vacancy.application_deadline < today:
        raise InvalidState("The application deadline has passed; move it before publishing.")
    if employer.licence_expired(today):
        raise InvalidState(
            f"The agency's licence expired on {employer.licence_valid_until}: record the renewed "
            "licence before publishing.",
            employer_status=employer.status.value,
        )
    if fees == "employer_pays" and vacancy.worker_fee_amount > 0:
        raise InvalidState(
            f"The vacancy charges the worker a fee, but {FEES_FORBIDDEN}: set worker_fee_amount to 0 "
            "before publishing.",
            reason="worker_fees_forbidden",
        )


def _requestable(status: VacancyStatus) -> list[str]:
    return sorted(t.value for t in TRANSITIONS[status] if (status, t) not in BY_DECISION)


async def announce_published(session: AsyncSession, vacancy: Vacancy) -> None:
    """``vacancy.published``, in the publishing transaction: the service's own consumer alerts the
    saved searches that list it (imis_jobs.saved_searches)."""
    await emit(session, EVENT_TABLES, SERVICE, VACANCY_PUBLISHED, {"vacancy_id": str(vacancy.id)})


async def change_status(
    vacancy: Vacancy,
    employer: Employer,
    target: VacancyStatus,
    session: AsyncSession,
    *,
    fees: RecruitmentFees,
    approval: JobOrderApproval,
) -> Vacancy:
    """A status request (POST …/status): publish (or send for approval), withdraw, close, fill."""
    allowed = _requestable(vacancy.status)
    if target.value not in allowed:
        names = ", ".join(allowed) or "none (it is final)"
        awaiting = (
            " It awaits the ministry's approval: an officer publishes or refuses it."
            if vacancy.status == VacancyStatus.PENDING_APPROVAL
            else ""
        )
        raise InvalidState(
            f"A {vacancy.status} vacancy cannot become {target.value}; allowed: {names}.{awaiting}",
            current_status=vacancy.status.value,
            allowed=allowed,
        )
    if target == VacancyStatus.PUBLISHED:
        require_publishable(vacancy, employer, fees=fees)
        vacancy.approval_note = None  # a refusal's note is answered by sending it again
        if needs_approval(employer, approval):
            target = VacancyStatus.PENDING_APPROVAL
        else:
            vacancy.published_at = utcnow()
    vacancy.status = target
    await session.flush()
    if target == VacancyStatus.PUBLISHED:
        await announce_published(session, vacancy)
    return vacancy


async def decide_approval(
    vacancy: Vacancy,
    employer: Employer,
    decision: ApprovalDecision,
    officer_id: str,
    session: AsyncSession,
    *,
    fees: RecruitmentFees,
) -> Vacancy:
    """An officer's decision on a job order pending approval: approved → published (if it still
    passes the publishing checks), refused → draft with the note."""
    if vacancy.status != VacancyStatus.PENDING_APPROVAL:
        raise InvalidState(
            f"Only a vacancy pending approval is approved or refused; this one is {vacancy.status}.",
            current_status=vacancy.status.value,
        )
    if decision.decision == "approved":
        require_publishable(vacancy, employer, fees=fees)
        now = utcnow()
        vacancy.status = VacancyStatus.PUBLISHED
        vacancy.published_at = vacancy.approved_at = now
        vacancy.approved_by = officer_id
    else:
        vacancy.status = VacancyStatus.DRAFT
    vacancy.approval_note = decision.note or None
    await session.flush()
    if vacancy.status == VacancyStatus.PUBLISHED:
        await announce_published(session, vacancy)
    return vacancy
