"""Project rules: located in the origin country, coherent targets, the status workflow, progress."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora import notifications
from imis_diaspora.projects import repository
from imis_diaspora.projects.models import (
    COUNTED,
    EDITABLE,
    TRANSITIONS,
    PledgeKind,
    PledgeStatus,
    Project,
    ProjectSkill,
    ProjectStatus,
)
from imis_diaspora.projects.schemas import Progress, ProjectCreate, ProjectUpdate
from imis_diaspora.reference import Esco
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, ValidationFailed, body_error

SCALARS = (
    "title",
    "description",
    "subdivision",
    "sector",
    "funding_target",
    "funding_currency",
    "expertise_days_sought",
    "volunteer_days_sought",
    "terms_of_reference",
)
REQUIRED = frozenset({"title", "description", "subdivision", "sector"})


def check(merged: dict[str, Any], esco: Esco, origin_country: str) -> list[FieldError]:
    errors = esco.errors(merged)
    if not merged["subdivision"].startswith(f"{origin_country}-"):
        errors.append(
            body_error("subdivision", f"must be a subdivision of {origin_country}", "not_in_origin")
        )
    if (merged.get("funding_target") is None) != (merged.get("funding_currency") is None):
        field = "funding_currency" if merged.get("funding_target") is not None else "funding_target"
        errors.append(body_error(field, "funding_target and funding_currency go together", "missing"))
    return errors


def _apply(project: Project, values: dict[str, Any], esco: Esco) -> None:
    for key in SCALARS:
        if key in values:
            setattr(project, key, values[key])
    if "occupation_id" in values:
        project.occupation_id = values["occupation_id"]
        project.isco_code = (
            esco.occupations[values["occupation_id"]].isco_code if values["occupation_id"] else None
        )
    if values.get("skills") is not None:
        project.skills = [ProjectSkill(skill_id=skill) for skill in values["skills"]]


async def create(
    session: AsyncSession, data: ProjectCreate, esco: Esco, origin_country: str, created_by: str
) -> Project:
    values = data.model_dump()
    errors = check(values, esco, origin_country)
    if errors:
        raise ValidationFailed("The project is not valid.", errors=errors)
    project = Project(status=ProjectStatus.DRAFT, created_by=created_by, skills=[])
    _apply(project, values, esco)
    session.add(project)
    await session.flush()
    return project


async def update(
    session: AsyncSession, project: Project, data: ProjectUpdate, esco: Esco, origin_country: str
) -> Project:
    if project.status not in EDITABLE:
        raise InvalidState(f"A project that is {project.status.value} can no longer be changed.")
    changes = data.model_dump(exclude_unset=True)
    nulls = sorted(key for key, value in changes.items() if value is None and key in REQUIRED)
    if nulls:
        raise ValidationFailed(
            "Required fields cannot be cleared.",
            errors=[body_error(k, "cannot be null", "null") for k in nulls],
        )
    if "skills" in changes and changes["skills"] is None:
        changes["skills"] = []
    current: dict[str, Any] = {key: getattr(project, key) for key in SCALARS}
    current["occupation_id"] = project.occupation_id
    current["skills"] = [s.skill_id for s in project.skills]
    errors = check({**current, **changes}, esco, origin_country)
    if errors:
        raise ValidationFailed("The project is not valid.", errors=errors)
    _apply(project, changes, esco)
    project.updated_at = utcnow()
    await session.flush()
    return project


async def change_status(session: AsyncSession, project: Project, status: ProjectStatus) -> Project:
    if status not in TRANSITIONS[project.status]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[project.status])) or "none"
        raise InvalidState(
            f"A project that is {project.status.value} cannot become {status.value} (allowed: {allowed})."
        )
    project.status = status
    project.updated_at = utcnow()
    await session.flush()
    for user_id in await repository.supporters(session, project.id):
        await notifications.tell(
            session,
            user_id,
            notifications.PROJECT_UPDATED,
            project_id=str(project.id),
            project=project.title,
            status=status.value,
        )
    return project


async def progress(session: AsyncSession, project: Project) -> Progress:
    confirmed: dict[str, Decimal] = {}
    pledged: dict[str, Decimal] = {}
    days = {PledgeKind.EXPERTISE: 0, PledgeKind.VOLUNTEERING: 0}
    for kind, status, currency, amount, total_days in await repository.pledge_totals(session, project.id):
        if status is PledgeStatus.CANCELLED:
            continue
        if kind is PledgeKind.MONEY and currency is not None and amount is not None:
            bucket = confirmed if status in COUNTED else pledged
            bucket[currency] = bucket.get(currency, Decimal(0)) + Decimal(amount)
        elif kind in days:
            days[kind] += int(total_days or 0)
    share = None
    if project.funding_target and project.funding_currency:
        share = round(float(confirmed.get(project.funding_currency, Decimal(0)) / project.funding_target), 4)
    return Progress(
        funding_target=project.funding_target,
        funding_currency=project.funding_currency,
        confirmed_by_currency=dict(sorted(confirmed.items())),
        pledged_by_currency=dict(sorted(pledged.items())),
        funded_share=share,
        expertise_days_sought=project.expertise_days_sought,
        expertise_days_pledged=days[PledgeKind.EXPERTISE],
        volunteer_days_sought=project.volunteer_days_sought,
        volunteer_days_pledged=days[PledgeKind.VOLUNTEERING],
    )
