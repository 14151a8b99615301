"""Checks a departure must pass: asked by applications, answered by the packages that hold them.

An officer records a departure (an application's step to ``departed``). Whether the worker may go can
depend on what another package holds: a valid pre-departure orientation certificate (``orientation``).
That package reads the applications (only a seeker with an accepted placement enrols in a course), so
applications must not import it: the step asks here, and ``create_app`` subscribes each check. A check
refuses by raising its domain error (409 ``orientation_required``). Asking with no check subscribed
raises instead of letting every departure through, so code that records departures without the app (a
script, a test) cannot skip the ministry's rules.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.config import JobsSettings


@dataclass(frozen=True)
class Departure:
    """The departure being recorded: who, to which country, under which programme (if any), and the
    ministry's settings in force."""

    seeker_id: uuid.UUID
    destination_country: str
    programme_id: uuid.UUID | None
    settings: JobsSettings


# Called in the step's transaction; raises to refuse.
DepartureCheck = Callable[[AsyncSession, Departure], Awaitable[None]]

_checks: list[DepartureCheck] = []


def subscribe(check: DepartureCheck) -> None:
    """Have ``check`` asked before every departure. Subscribing it again changes nothing (every app
    built in one process subscribes the same checks)."""
    if check not in _checks:
        _checks.append(check)


async def check(session: AsyncSession, departure: Departure) -> None:
    """Ask every subscribed check about ``departure``; the first refusal is raised."""
    if not _checks:
        raise RuntimeError(
            "Nothing checks departures: subscribe orientation's gate "
            "(imis_jobs.orientation.service.check_departure) first, as create_app does."
        )
    for each in _checks:
        await each(session, departure)
