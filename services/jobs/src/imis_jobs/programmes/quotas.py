"""A programme's seasons and the places it reserves per citizenship, and the places an acceptance
takes: the programme's, its season's and its citizenship's, all or none.

Reserved places are held for their citizens: others take only the places no citizenship reserves
(``quota - quota_used`` less the reserved places still free), so the reservations, free and used,
always fit in the programme's quota. Every change that weighs them holds the programme's row lock
(``repository.lock``) first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes import repository
from imis_jobs.programmes.models import CitizenshipQuota, Programme, Season
from imis_jobs.programmes.schemas import CitizenshipQuotaCreate, SeasonCreate, SeasonUpdate
from imis_jobs.programmes.service import get
from imis_shared.errors import Conflict, NotFound, ValidationFailed, body_error


def _full(detail: str, quota: Literal["programme", "season", "citizenship"]) -> Conflict:
    return Conflict(detail, reason="quota_full", quota=quota)


@dataclass(frozen=True)
class Places:
    """The places an accepted application holds besides its programme's."""

    season_id: uuid.UUID | None = None
    citizenship_quota_id: uuid.UUID | None = None


async def take_places(
    session: AsyncSession, programme_id: uuid.UUID, *, season_id: uuid.UUID | None, citizenship: str
) -> Places:
    """One place of the programme, of the season if any, and of the citizenship's reserved quota if
    it has one (else one no citizenship reserves); 409 ``quota_full`` naming the quota that is full.
    Nothing is kept then: the error rolls the request's transaction back."""
    await repository.lock(session, programme_id)
    reserved = await repository.citizenship_quota(session, programme_id, citizenship)
    if reserved is not None:
        if not await repository.take_reserved_place(session, reserved.id):
            raise _full(f"The places reserved for citizens of {citizenship} are all taken.", "citizenship")
        taken = await repository.take_place(session, programme_id)
    else:
        taken = await repository.take_unreserved_place(session, programme_id)
    if not taken:
        others = "" if reserved else " to citizens without reserved places"
        raise _full(
            f"The programme's quota is full{others}: no more placements can be accepted.", "programme"
        )
    if season_id is not None and not await repository.take_season_place(session, season_id):
        season = await repository.season(session, season_id)
        name = season.name if season else "season"
        raise _full(f"The quota of the season {name} is full: no more placements can be accepted.", "season")
    return Places(season_id, reserved.id if reserved else None)


async def release_places(session: AsyncSession, programme_id: uuid.UUID, places: Places) -> None:
    """Give back the places of a withdrawn acceptance."""
    await repository.lock(session, programme_id)
    await repository.release_place(session, programme_id)
    if places.citizenship_quota_id is not None:
        await repository.release_reserved_place(session, places.citizenship_quota_id)
    if places.season_id is not None:
        await repository.release_season_place(session, places.season_id)


# Seasons


def _check_dates(programme: Programme, values: dict[str, Any], changed: set[str]) -> None:
    """The season's dates in order and within the programme's (those changed), naming the field."""
    errors = []
    if values["ends_on"] < values["starts_on"]:
        field = "starts_on" if "starts_on" in changed and "ends_on" not in changed else "ends_on"
        message = "is before starts_on" if field == "ends_on" else "is after ends_on"
        errors.append(body_error(field, message, "range"))
    else:
        if "starts_on" in changed and values["starts_on"] < programme.starts_on:
            message = f"is before the programme starts ({programme.starts_on.isoformat()})"
            errors.append(body_error("starts_on", message, "range"))
        if "ends_on" in changed and values["ends_on"] > programme.ends_on:
            message = f"is after the programme ends ({programme.ends_on.isoformat()})"
            errors.append(body_error("ends_on", message, "range"))
    if errors:
        raise ValidationFailed("The season is not valid.", errors=errors)


def _name_taken() -> Conflict:
    return Conflict("The programme has a season of this name.", field="name")


async def _flush_named(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError:  # a concurrent season of the same name, refused by the unique constraint
        raise _name_taken() from None


async def season_of(session: AsyncSession, programme: Programme, season_id: uuid.UUID) -> Season:
    season = await repository.season(session, season_id)
    if season is None or season.programme_id != programme.id:
        raise NotFound("The programme has no such season.")
    return season


async def create_season(
    session: AsyncSession, programme: Programme, data: SeasonCreate, officer: str
) -> Season:
    _check_dates(programme, data.model_dump(), {"starts_on", "ends_on"})
    if await repository.season_named(session, programme.id, data.name) is not None:
        raise _name_taken()
    season = Season(**data.model_dump(), programme_id=programme.id, quota_used=0, created_by=officer)
    session.add(season)
    await _flush_named(session)
    return season


async def update_season(
    session: AsyncSession, programme: Programme, season: Season, data: SeasonUpdate
) -> Season:
    """Change a season; its quota never below the places used, its dates in order and within the
    programme's."""
    changes = data.model_dump(exclude_unset=True)
    quota = changes.pop("quota", None)
    _check_dates(
        programme, {"starts_on": season.starts_on, "ends_on": season.ends_on, **changes}, set(changes)
    )
    renamed = changes.get("name", season.name) != season.name
    if renamed and await repository.season_named(session, programme.id, changes["name"]) is not None:
        raise _name_taken()
    for name, value in changes.items():
        setattr(season, name, value)
    await _flush_named(session)
    if quota is not None and not await repository.set_season_quota(session, season.id, quota):
        used = (await season_of(session, programme, season.id)).quota_used
        raise ValidationFailed(
            "The quota cannot go below the places already used.",
            errors=[body_error("quota", f"is below the {used} places already used", "below_used")],
        )
    return await season_of(session, programme, season.id)


# Places reserved per citizenship


async def citizenship_quota_of(
    session: AsyncSession, programme: Programme, citizenship: str
) -> CitizenshipQuota:
    found = await repository.citizenship_quota(session, programme.id, citizenship)
    if found is None:
        raise NotFound(f"The programme reserves no places for citizens of {citizenship}.")
    return found


async def _check_reservable(
    session: AsyncSession, programme_id: uuid.UUID, quota: int, own: CitizenshipQuota | None
) -> None:
    """``quota`` places reserved (instead of ``own``'s) fit in the programme's quota with the places
    used and those other citizenships hold free; the caller holds the programme's lock."""
    programme = await get(session, programme_id)
    own_used, own_free = (own.quota_used, own.quota - own.quota_used) if own else (0, 0)
    others_free = await repository.free_reserved(session, programme_id) - own_free
    maximum = own_used + programme.quota - programme.quota_used - others_free
    if quota > maximum:
        message = (
            f"is above the {maximum} places it can have: the programme's quota is {programme.quota}, "
            f"with {programme.quota_used} places used and {others_free} reserved for others still free"
        )
        raise ValidationFailed(
            "The places reserved per citizenship must fit in the programme's quota.",
            errors=[body_error("quota", message, "above_programme_quota")],
        )


async def create_citizenship_quota(
    session: AsyncSession, programme: Programme, data: CitizenshipQuotaCreate, officer: str
) -> CitizenshipQuota:
    if data.citizenship not in programme.eligible_citizenships:
        raise ValidationFailed.field(
            "citizenship", f"{data.citizenship} is not eligible for {programme.name}", "not_eligible"
        )
    await repository.lock(session, programme.id)
    if await repository.citizenship_quota(session, programme.id, data.citizenship) is not None:
        raise Conflict(f"The programme already reserves places for {data.citizenship}.", field="citizenship")
    await _check_reservable(session, programme.id, data.quota, None)
    reserved = CitizenshipQuota(
        **data.model_dump(), programme_id=programme.id, quota_used=0, created_by=officer
    )
    session.add(reserved)
    await session.flush()
    return reserved


async def update_citizenship_quota(
    session: AsyncSession, programme: Programme, citizenship: str, quota: int
) -> CitizenshipQuota:
    """Change the places reserved: never below those used, and within the programme's quota."""
    await repository.lock(session, programme.id)
    reserved = await citizenship_quota_of(session, programme, citizenship)
    if quota < reserved.quota_used:
        raise ValidationFailed.field(
            "quota", f"is below the {reserved.quota_used} places already used", "below_used"
        )
    await _check_reservable(session, programme.id, quota, reserved)
    # Conditional all the same: the CHECK constraint's rule, stated where the value is written.
    if not await repository.set_reserved_quota(session, reserved.id, quota):
        raise ValidationFailed.field("quota", "is below the places already used", "below_used")
    return await citizenship_quota_of(session, programme, citizenship)
