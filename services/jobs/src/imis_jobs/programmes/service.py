"""Programme rules: eligibility, a period, a maximum stay with its return, and a quota that is never
exceeded (taken by the repository's conditional UPDATEs, so concurrent acceptances cannot over-fill
it). Seasons and the places reserved per citizenship are in ``quotas``."""

from __future__ import annotations

import calendar
import uuid
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes import repository
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.schemas import ProgrammeCreate, ProgrammeUpdate
from imis_shared.errors import NotFound, ValidationFailed, body_error


def _check(values: dict[str, Any], changed: set[str]) -> None:
    """The dates in order; a return obligation with a maximum stay to count it from. Names the field
    the caller changed (the first when both)."""
    if values["ends_on"] < values["starts_on"]:
        field = "starts_on" if "starts_on" in changed and "ends_on" not in changed else "ends_on"
        message = "is before starts_on" if field == "ends_on" else "is after ends_on"
        raise ValidationFailed("The programme is not valid.", errors=[body_error(field, message, "range")])
    if values["return_obligation"] and values["max_stay_months"] is None:
        field = "return_obligation" if "return_obligation" in changed else "max_stay_months"
        raise ValidationFailed(
            "The programme is not valid.",
            errors=[body_error(field, "a return obligation needs max_stay_months to count from", "missing")],
        )


async def create(session: AsyncSession, data: ProgrammeCreate, officer: str) -> Programme:
    _check(data.model_dump(), set(data.model_fields_set))
    programme = Programme(**data.model_dump(), quota_used=0, created_by=officer)
    session.add(programme)
    await session.flush()
    return programme


async def update(session: AsyncSession, programme: Programme, data: ProgrammeUpdate) -> Programme:
    """Change a programme; the quota never below the places used and those still reserved, the
    dates in order."""
    changes = data.model_dump(exclude_unset=True)
    quota = changes.pop("quota", None)
    current = {key: getattr(programme, key) for key in ("starts_on", "ends_on", "return_obligation")}
    _check({**current, "max_stay_months": programme.max_stay_months, **changes}, set(changes))
    if quota is not None:
        await repository.lock(session, programme.id)  # the places reserved stay as read
    for name, value in changes.items():
        setattr(programme, name, value)
    await session.flush()
    if quota is not None and not await repository.set_quota(session, programme.id, quota):
        used = (await get(session, programme.id)).quota_used
        reserved = await repository.free_reserved(session, programme.id)
        also = f" and the {reserved} reserved per citizenship still free" if reserved else ""
        raise ValidationFailed(
            "The quota cannot go below the places already used.",
            errors=[body_error("quota", f"is below the {used} places already used{also}", "below_used")],
        )
    return await get(session, programme.id)


def period_problem(name: str, starts_on: date, ends_on: date, today: date) -> str | None:
    """Why nothing can be accepted or depart today in the period ``name`` (a programme or one of its
    seasons) runs, or None."""
    if today < starts_on:
        return f"{name} starts on {starts_on.isoformat()}"
    if today > ends_on:
        return f"{name} ended on {ends_on.isoformat()}"
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


def add_months(day: date, months: int) -> date:
    """``day`` ``months`` calendar months later, on the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def return_due_on(programme: Programme, departed_on: date) -> date | None:
    """The day a worker departing on ``departed_on`` must be back by, under a return obligation."""
    if not programme.return_obligation or programme.max_stay_months is None:
        return None
    return add_months(departed_on, programme.max_stay_months)


async def get(session: AsyncSession, programme_id: uuid.UUID) -> Programme:
    programme = await repository.get(session, programme_id)
    if programme is None:
        raise NotFound("No such programme.")
    return programme
