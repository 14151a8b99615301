"""Office endpoints: anyone reads and finds the nearest; editors keep the directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from imis_info import API_PREFIX
from imis_info.access import EditorUser
from imis_info.caching import cached, public_response
from imis_info.offices import repository, service, views
from imis_info.offices.dependencies import ExistingOffice
from imis_info.offices.models import OfficeType
from imis_info.offices.schemas import Latitude, Longitude, NearbyOffice, OfficeCreate, OfficeOut, OfficeUpdate
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import WHOLE_NUMBER, CountryCode

router = api_router(prefix=f"{API_PREFIX}/offices", tags=["offices"])
WRITE = problem_responses(401, 403, 404)


@router.get("", response_model=Page[OfficeOut], summary="Offices, by country, city and type.", **cached())
async def list_offices(
    request: Request,
    session: SessionDep,
    page: PageParamsDep,
    country: CountryCode | None = None,
    city: Annotated[str | None, Query(max_length=100, description="Exact name, any case.")] = None,
    type: OfficeType | None = None,
) -> Response:
    """Anyone, without an account."""
    rows, total = await repository.listing(session, page, country=country, city=city, type_=type)
    body = Page[OfficeOut](
        items=[views.office_out(row) for row in rows], total=total, limit=page.limit, offset=page.offset
    )
    return public_response(request, body)


@router.get(
    "/nearest", response_model=list[NearbyOffice], summary="The offices nearest to a point.", **cached()
)
async def list_nearest_offices(
    request: Request,
    session: SessionDep,
    lat: Annotated[Latitude, Query(description="Latitude, WGS 84 degrees.")],
    lon: Annotated[Longitude, Query(description="Longitude, WGS 84 degrees.")],
    limit: Annotated[int, Query(ge=1, le=50), WHOLE_NUMBER] = 10,
    country: CountryCode | None = None,
    type: OfficeType | None = None,
) -> Response:
    """Anyone, without an account. Offices without coordinates (hotlines) are left out."""
    offices = await repository.located(session, country=country, type_=type)
    return public_response(request, service.nearest(offices, lat, lon, limit))


@router.get(
    "/{office_id:uuid}", response_model=OfficeOut, summary="One office.", **cached(problem_responses(404))
)
async def get_office(request: Request, office: ExistingOffice) -> Response:
    """Anyone, without an account."""
    return public_response(request, views.office_out(office))


@router.post("", response_model=OfficeOut, status_code=201, summary="Add an office.", responses=WRITE)
async def create_office(body: OfficeCreate, editor: EditorUser, session: SessionDep) -> OfficeOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.office_out(await service.create(session, body, editor.subject or ""))


@router.patch("/{office_id:uuid}", response_model=OfficeOut, summary="Change an office.", responses=WRITE)
async def update_office(
    editor: EditorUser, body: OfficeUpdate, office: ExistingOffice, session: SessionDep
) -> OfficeOut:
    """Editors, admins, machine clients with `info:write`."""
    return views.office_out(await service.update(session, office, body, editor.subject or ""))


@router.delete("/{office_id:uuid}", status_code=204, summary="Remove an office.", responses=WRITE)
async def delete_office(_editor: EditorUser, office: ExistingOffice, session: SessionDep) -> Response:
    """Editors, admins, machine clients with `info:write`."""
    await service.delete(session, office)
    return Response(status_code=204)
