"""The public register: employers and recruitment agencies in good standing, with their licences.

Anyone — a worker offered a job abroad, a family, a journalist — checks here whether an agency is
licensed and until when, and whether an employer is known to the ministry. Nothing of a person is
shown, and no contact details.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from imis_jobs import API_PREFIX
from imis_jobs.employers import repository
from imis_jobs.employers.models import EmployerType
from imis_jobs.employers.schemas import RegisterEntry
from imis_jobs.employers.views import register_entry
from imis_shared.app import api_router
from imis_shared.auth import ANYONE, audience
from imis_shared.db import SessionDep, utcnow
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/register", tags=["employers"])


@router.get(
    "",
    response_model=Page[RegisterEntry],
    summary="The public register of verified employers and licensed recruitment agencies.",
    openapi_extra=audience(ANYONE),
)
async def list_register_entries(
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name.")] = None,
    country: Annotated[CountryCode | None, Query(description="Where it operates.")] = None,
    type: Annotated[EmployerType | None, Query(description="Employers or agencies only.")] = None,
) -> Page[RegisterEntry]:
    """Public. Employers in good standing (verified, or in review after a change), by the name an
    officer verified, with each agency's licence: number, issuing authority, last valid day and
    whether it is valid today. Suspended and rejected ones are not listed."""
    rows, total = await repository.register(session, page, q=q, country=country, kind=type)
    today = utcnow().date()
    return Page(
        items=[register_entry(row, today) for row in rows], total=total, limit=page.limit, offset=page.offset
    )
