"""Vacancy rules: validation against the taxonomy, ESCO default skills, and the lifecycle.

Lifecycle: draft → published → closed | filled. Only a verified employer publishes, and only
before the application deadline. Closed and filled vacancies are final and read-only.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.employers.models import Employer, EmployerStatus
from imis_jobs.programmes.models import Programme
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
from imis_jobs.vacancies.schemas import VacancyCreate, VacancyFields
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, ValidationFailed, body_error

TRANSITIONS: dict[VacancyStatus, frozenset[VacancyStatus]] = {
    VacancyStatus.DRAFT: frozenset({VacancyStatus.PUBLISHED}),
    VacancyStatus.PUBLISHED: frozenset({VacancyStatus.CLOSED, VacancyStatus.FILLED}),
    VacancyStatus.CLOSED: frozenset(),
    VacancyStatus.FILLED: frozenset(),
}
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
)


def check(merged: dict[str, Any], taxonomy: Taxonomy, *, today: date, new_deadline: bool) -> list[FieldError]:
    """Rules across fields and against the taxonomy, on the vacancy as it would be stored."""
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
    if Decimal(merged.get("worker_fee_amount") or 0) > 0 and not merged.get("worker_fee_currency"):
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
    """The programme exists, goes to the vacancy's country and covers its occupation."""
    if not merged.get("programme_id"):
        return []
    programme = await session.get(Programme, merged["programme_id"])
    if programme is None:
        return [body_error("programme_id", "is not a programme", "unknown")]
    errors = []
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
    session: AsyncSession, employer: Employer, data: VacancyCreate, taxonomy: Taxonomy, user_id: str
) -> Vacancy:
    values = data.model_dump(exclude={"employer_id"})
    errors = check(values, taxonomy, today=utcnow().date(), new_deadline=True)
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


async def update(session: AsyncSession, vacancy: Vacancy, data: VacancyFields, taxonomy: Taxonomy) -> Vacancy:
    if vacancy.status in {VacancyStatus.CLOSED, VacancyStatus.FILLED}:
        raise InvalidState(f"A {vacancy.status} vacancy cannot be changed.")
    changes = data.model_dump(exclude_unset=True)  # null only where VacancyUpdate.clearable allows
    current: dict[str, Any] = {key: getattr(vacancy, key) for key in SCALARS}
    current["skills"] = [{"skill_id": s.skill_id, "requirement": s.requirement} for s in vacancy.skills]
    current["languages"] = [{"language": language.language} for language in vacancy.languages]
    merged = {**current, **changes}
    errors = check(merged, taxonomy, today=utcnow().date(), new_deadline="application_deadline" in changes)
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


async def change_status(
    vacancy: Vacancy, employer: Employer, target: VacancyStatus, session: AsyncSession
) -> Vacancy:
    allowed = TRANSITIONS[vacancy.status]
    if target not in allowed:
        names = ", ".join(sorted(s.value for s in allowed)) or "none (it is final)"
        raise InvalidState(
            f"A {vacancy.status} vacancy cannot become {target.value}; allowed: {names}.",
            current_status=vacancy.status.value,
            allowed=sorted(s.value for s in allowed),
        )
    if target == VacancyStatus.PUBLISHED:
        if employer.status != EmployerStatus.VERIFIED:
            raise InvalidState(
                f"Only a verified employer can publish; this employer is {employer.status}.",
                employer_status=employer.status.value,
            )
        if vacancy.application_deadline < utcnow().date():
            raise InvalidState("The application deadline has passed; move it before publishing.")
        if employer.licence_expired(utcnow().date()):
            raise InvalidState(
                f"The agency's licence expired on {employer.licence_valid_until}: record the renewed "
                "licence before publishing.",
                employer_status=employer.status.value,
            )
        vacancy.published_at = utcnow()
    vacancy.status = target
    await session.flush()
    return vacancy
