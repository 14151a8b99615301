"""Programme rules: eligibility, and a quota that is never exceeded (taken by the repository's
conditional UPDATE, so concurrent acceptances cannot over-fill it)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes import repository
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.schemas import ProgrammeCreate, ProgrammeUpdate
from imis_shared.errors import Conflict, NotFound, ValidationFailed, body_error


async def create(session: AsyncSession, data: ProgrammeCreate, officer: str) -> Programme:
    if data.ends_on < data.starts_on:
        raise ValidationFailed(
            "The programme is not valid.", errors=[body_error("ends_on", "is before starts_on", "range")]
        )
    programme = Programme(**data.model_dump(), quota_used=0, created_by=officer)
    session.add(programme)
    await session.flush()
    return programme


async def update(session: AsyncSession, programme: Programme, data: ProgrammeUpdate) -> Programme:
    """Change a programme; the quota never below the places used, the dates in order."""
    changes = data.model_dump(exclude_unset=True)
    quota = changes.pop("quota", None)
    starts_on, ends_on = (
        changes.get("starts_on", programme.starts_on),
        changes.get("ends_on", programme.ends_on),
    )
    if ends_on < starts_on:
        field = "ends_on" if "ends_on" in changes else "starts_on"
        message = "is before starts_on" if field == "ends_on" else "is after ends_on"
        raise ValidationFailed("The programme is not valid.", errors=[body_error(field, message, "range")])
    for name, value in changes.items():
        setattr(programme, name, value)
    await session.flush()
    if quota is not None and not await repository.set_quota(session, programme.id, quota):
        used = (await get(session, programme.id)).quota_used
        raise ValidationFailed(
            "The quota cannot go below the places already used.",
            errors=[body_error("quota", f"is below the {used} places already used", "below_used")],
        )
    return await get(session, programme.id)


def period_problem(programme: Programme, today: date) -> str | None:
    """Why nothing can be accepted or depart in ``programme`` today, or None."""
    if today < programme.starts_on:
        return f"{programme.name} starts on {programme.starts_on.isoformat()}"
    if today > programme.ends_on:
        return f"{programme.name} ended on {programme.ends_on.isoformat()}"
    return None


def eligibility_problem(
    programme: Programme, *, citizenship: str | None = None, isco_code: str | None = None
) -> str | None:
    if citizenship is not None and citizenship not in programme.eligible_citizenships:
        return f"citizenship {citizenship} is not eligible for {programme.name}"
    if (
        isco_code is not None
        and programme.isco_groups
        and not any(isco_code.startswith(g) for g in programme.isco_groups)
    ):
        return f"the occupation (ISCO {isco_code}) is outside {programme.name}"
    return None


async def get(session: AsyncSession, programme_id: uuid.UUID) -> Programme:
    programme = await repository.get(session, programme_id)
    if programme is None:
        raise NotFound("No such programme.")
    return programme


async def take_place(session: AsyncSession, programme_id: uuid.UUID) -> None:
    if not await repository.take_place(session, programme_id):
        raise Conflict(
            "The programme's quota is full: no more placements can be accepted.", reason="quota_full"
        )


async def release_place(session: AsyncSession, programme_id: uuid.UUID) -> None:
    await repository.release_place(session, programme_id)
