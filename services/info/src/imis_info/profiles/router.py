"""The country endpoints: anyone reads the list and a country's profile page; editors write the
country records (``countries``). The profile page gathers articles and alerts, so it sits above them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request, Response

from imis_info import API_PREFIX
from imis_info.access import EditorUser
from imis_info.caching import cached, public_response
from imis_info.countries import repository, service, views
from imis_info.countries.models import CountryRole
from imis_info.countries.schemas import CountryEditorOut, CountryOut, CountryUpsert
from imis_info.languages import LanguageChoiceDep
from imis_info.profiles import service as profiles
from imis_info.profiles.schemas import CountryProfile
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/countries", tags=["countries"])
CodeInPath = Annotated[CountryCode, Path(description="ISO 3166-1 alpha-2, e.g. `EG`.")]


@router.get("", response_model=Page[CountryOut], summary="Countries with a profile.", **cached())
async def list_country_profiles(
    request: Request,
    choice: LanguageChoiceDep,
    session: SessionDep,
    page: PageParamsDep,
    role: CountryRole | None = None,
) -> Response:
    """Anyone, without an account. Names come from CLDR in the wanted language."""
    rows, total = await repository.listing(session, page, role=role)
    items = [views.country_out(row, choice) for row in rows]
    return public_response(
        request, Page(items=items, total=total, limit=page.limit, offset=page.offset), language=choice.wanted
    )


@router.get(
    "/{code}", response_model=CountryProfile, summary="A country's profile.", **cached(problem_responses(404))
)
async def get_country_profile(
    request: Request, code: CodeInPath, choice: LanguageChoiceDep, session: SessionDep
) -> Response:
    """Anyone, without an account. Standard facts (names, official languages, currencies, time
    zones) come from CLDR; the summary and emergency numbers from editors; with the latest
    published articles and links to the country's articles, offices and alerts."""
    body = await profiles.profile(session, code, choice)
    return public_response(request, body, language=choice.wanted)


@router.put(
    "/{code}",
    response_model=CountryEditorOut,
    summary="Create or replace a country's profile.",
    responses={
        200: {"description": "Replaced."},
        201: {"model": CountryEditorOut, "description": "Created."},
        **problem_responses(401, 403),
    },
)
async def replace_country_profile(
    code: CodeInPath, body: CountryUpsert, editor: EditorUser, session: SessionDep, response: Response
) -> CountryEditorOut:
    """Editors, admins, machine clients with `info:write`. 201 when created, 200 when replaced."""
    country, created = await service.upsert(session, code, body, editor.subject or "")
    response.status_code = 201 if created else 200
    return views.editor_out(country)
