"""How a vacancy is shown, with its employer and the labels of its occupation and skills."""

from __future__ import annotations

from imis_jobs.employers.models import Employer
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import Requirement, Vacancy
from imis_jobs.vacancies.repository import Requirements
from imis_jobs.vacancies.schemas import (
    EmployerRef,
    LanguageRequirementOut,
    OccupationRef,
    SkillRequirementOut,
    VacancyOut,
)
from imis_jobs.vacancies.service import SCALARS

_REQUIREMENTS = {requirement.value: requirement for requirement in Requirement}  # cheaper than calling it


def vacancy_out(
    vacancy: Vacancy,
    employer: Employer,
    taxonomy: Taxonomy,
    *,
    internal: bool = False,
    requirements: Requirements | None = None,
) -> VacancyOut:
    """``internal``: for the employer's members and staff, with the officer's note on the job order.
    ``requirements``: the skills and languages read for a page (else the vacancy's own, loaded)."""
    occupation = taxonomy.occupations[vacancy.occupation_id]
    if requirements is None:
        skills: list[tuple[str, str]] = [(s.skill_id, s.requirement) for s in vacancy.skills]
        languages = [(x.language, x.min_level, x.required) for x in vacancy.languages]
    else:
        skills = requirements.skills.get(vacancy.id, [])
        languages = requirements.languages.get(vacancy.id, [])
    return VacancyOut(
        **{key: getattr(vacancy, key) for key in SCALARS if key != "occupation_id"},
        id=vacancy.id,
        employer=EmployerRef(
            id=employer.id, name=employer.public_name, country=employer.country, status=employer.status
        ),
        occupation=OccupationRef(id=occupation.id, label=occupation.label, isco_code=occupation.isco_code),
        charges_worker_fees=vacancy.worker_fee_amount > 0,
        skills=[
            SkillRequirementOut(
                skill_id=skill_id, label=taxonomy.skills[skill_id].label, requirement=requirement
            )
            for skill_id, requirement in skills
        ],
        skills_from_esco=vacancy.skills_from_esco,
        languages=[
            LanguageRequirementOut(language=language, min_level=level, required=required)
            for language, level, required in languages
        ],
        status=vacancy.status,
        published_at=vacancy.published_at,
        approved_at=vacancy.approved_at,
        approval_note=vacancy.approval_note if internal else None,
        created_at=vacancy.created_at,
        updated_at=vacancy.updated_at,
    )
