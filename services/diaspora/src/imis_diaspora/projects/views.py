"""How a project is shown: in lists, and alone with its progress."""

from __future__ import annotations

from imis_diaspora.projects.models import Project
from imis_diaspora.projects.schemas import Progress, ProjectDetail, ProjectOut
from imis_diaspora.reference import Esco


def project_out(project: Project, esco: Esco) -> ProjectOut:
    return ProjectOut(
        id=project.id,
        title=project.title,
        description=project.description,
        subdivision=project.subdivision,
        sector=project.sector,
        occupation_id=project.occupation_id,
        isco_code=project.isco_code,
        skills=esco.skill_list(s.skill_id for s in project.skills),
        funding_target=project.funding_target,
        funding_currency=project.funding_currency,
        expertise_days_sought=project.expertise_days_sought,
        volunteer_days_sought=project.volunteer_days_sought,
        terms_of_reference=project.terms_of_reference,
        status=project.status,
        created_at=project.created_at,
        updated_at=project.updated_at,
    )


def project_detail(project: Project, progress: Progress, esco: Esco) -> ProjectDetail:
    return ProjectDetail(**project_out(project, esco).model_dump(), progress=progress)
