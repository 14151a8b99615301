"""Programme endpoints: officers create bilateral programmes, their seasons and the places they
reserve per citizenship; anyone can read them. (The returns overdue are listed by the applications.)"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from imis_jobs import API_PREFIX
from imis_jobs.access import Officer
from imis_jobs.programmes import quotas, repository, service
from imis_jobs.programmes.dependencies import ProgrammeDep
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.schemas import (
    CitizenshipQuotaCreate,
    CitizenshipQuotaOut,
    CitizenshipQuotaUpdate,
    ProgrammeCreate,
    ProgrammeOut,
    ProgrammeUpdate,
    SeasonCreate,
    SeasonOut,
    SeasonUpdate,
)
from imis_jobs.programmes.views import citizenship_quota_out, programme_out, season_out
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/programmes", tags=["programmes"])
ERRORS = problem_responses(401, 403, 404)
CHANGE_ERRORS = problem_responses(401, 403, 404, 409)


async def outputs(session: SessionDep, programmes: Sequence[Programme]) -> list[ProgrammeOut]:
    """Programmes with their seasons and reserved quotas, read in two queries whatever their count."""
    ids = [programme.id for programme in programmes]
    seasons = await repository.seasons_of(session, ids)
    reserved = await repository.citizenship_quotas_of(session, ids)
    return [programme_out(p, seasons[p.id], reserved[p.id]) for p in programmes]


@router.post(
    "",
    response_model=ProgrammeOut,
    status_code=201,
    summary="Create a bilateral programme.",
    responses=ERRORS,
)
async def create_programme(body: ProgrammeCreate, officer: Officer, session: SessionDep) -> ProgrammeOut:
    """Officers and admins. A `return_obligation` needs `max_stay_months` (422 naming it)."""
    return (await outputs(session, [await service.create(session, body, officer.subject or "")]))[0]


@router.patch(
    "/{programme_id}",
    response_model=ProgrammeOut,
    summary="Change a programme: its name, eligibility, dates, quota or stay.",
    responses=ERRORS,
)
async def update_programme(
    programme_id: uuid.UUID, body: ProgrammeUpdate, officer: Officer, session: SessionDep
) -> ProgrammeOut:
    """Officers and admins. The quota never goes below the places already used (`quota_used`) and
    those reserved per citizenship still free (422 naming `quota`), even against acceptances at the
    same moment; the dates stay in order."""
    programme = await service.get(session, programme_id)
    return (await outputs(session, [await service.update(session, programme, body)]))[0]


@router.get("", response_model=Page[ProgrammeOut], summary="Bilateral programmes.")
async def list_programmes(session: SessionDep, page: PageParamsDep) -> Page[ProgrammeOut]:
    """Public: migrants can see which programmes exist and how many places remain."""
    rows, total = await repository.search(session, page)
    return Page(items=await outputs(session, rows), total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/{programme_id}",
    response_model=ProgrammeOut,
    summary="One programme with its quota used and remaining.",
    responses=ERRORS,
)
async def get_programme(programme_id: uuid.UUID, session: SessionDep) -> ProgrammeOut:
    """Public."""
    return (await outputs(session, [await service.get(session, programme_id)]))[0]


@router.post(
    "/{programme_id}/seasons",
    response_model=SeasonOut,
    status_code=201,
    summary="Add a season to a programme.",
    responses=CHANGE_ERRORS,
)
async def create_programme_season(
    body: SeasonCreate, officer: Officer, programme: ProgrammeDep, session: SessionDep
) -> SeasonOut:
    """Officers and admins. Its dates within the programme's (422 naming the field); its name unique
    in the programme (409 with `field: name`). Accepting an application to a vacancy of the season
    takes a place of its quota and of the programme's, within the season's dates."""
    return season_out(await quotas.create_season(session, programme, body, officer.subject or ""))


@router.get(
    "/{programme_id}/seasons",
    response_model=Page[SeasonOut],
    summary="A programme's seasons, the earliest first.",
    responses=ERRORS,
)
async def list_programme_seasons(
    programme: ProgrammeDep, session: SessionDep, page: PageParamsDep
) -> Page[SeasonOut]:
    """Public, like the programme."""
    rows, total = await repository.search_seasons(session, programme.id, page)
    return Page(items=[season_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset)


@router.patch(
    "/{programme_id}/seasons/{season_id}",
    response_model=SeasonOut,
    summary="Change a season: its name, dates or quota.",
    responses=CHANGE_ERRORS,
)
async def update_programme_season(
    season_id: uuid.UUID, body: SeasonUpdate, officer: Officer, programme: ProgrammeDep, session: SessionDep
) -> SeasonOut:
    """Officers and admins. The quota never below the places already used (422 naming `quota`, also
    against acceptances at the same moment); the dates in order and within the programme's."""
    season = await quotas.season_of(session, programme, season_id)
    return season_out(await quotas.update_season(session, programme, season, body))


@router.post(
    "/{programme_id}/citizenship-quotas",
    response_model=CitizenshipQuotaOut,
    status_code=201,
    summary="Reserve places of a programme for the citizens of one country.",
    responses=CHANGE_ERRORS,
)
async def create_programme_citizenship_quota(
    body: CitizenshipQuotaCreate, officer: Officer, programme: ProgrammeDep, session: SessionDep
) -> CitizenshipQuotaOut:
    """Officers and admins; an eligible citizenship, once (409 with `field: citizenship`). The places
    reserved, with those used, fit in the programme's quota (422 naming `quota`). Its citizens then
    take their places here (409 `quota_full` with `quota: citizenship` when all are taken), and
    others only the places no citizenship reserves."""
    return citizenship_quota_out(
        await quotas.create_citizenship_quota(session, programme, body, officer.subject or "")
    )


@router.get(
    "/{programme_id}/citizenship-quotas",
    response_model=Page[CitizenshipQuotaOut],
    summary="Places a programme reserves per citizenship.",
    responses=ERRORS,
)
async def list_programme_citizenship_quotas(
    programme: ProgrammeDep, session: SessionDep, page: PageParamsDep
) -> Page[CitizenshipQuotaOut]:
    """Public, like the programme."""
    rows, total = await repository.search_citizenship_quotas(session, programme.id, page)
    return Page(
        items=[citizenship_quota_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )


@router.patch(
    "/{programme_id}/citizenship-quotas/{citizenship}",
    response_model=CitizenshipQuotaOut,
    summary="Change the places reserved for a citizenship.",
    responses=ERRORS,
)
async def update_programme_citizenship_quota(
    citizenship: CountryCode,
    body: CitizenshipQuotaUpdate,
    officer: Officer,
    programme: ProgrammeDep,
    session: SessionDep,
) -> CitizenshipQuotaOut:
    """Officers and admins. Never below the places already used, and within the programme's quota
    (422 naming `quota`)."""
    return citizenship_quota_out(
        await quotas.update_citizenship_quota(session, programme, citizenship, body.quota)
    )
