"""Alert endpoints: anyone reads those in force; editors issue and change them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from imis_info import API_PREFIX
from imis_info.access import EditorUser
from imis_info.alerts import repository, service, views
from imis_info.alerts.dependencies import ExistingAlert
from imis_info.alerts.schemas import AlertCreate, AlertEditorOut, AlertOut, AlertUpdate
from imis_info.caching import cached, public_response
from imis_info.languages import LanguageChoiceDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep, utcnow
from imis_shared.errors import problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/alerts", tags=["alerts"])
WRITE = problem_responses(401, 403, 404)


@router.get("", response_model=Page[AlertOut], summary="Alerts in force (or all, for editors).", **cached())
async def list_alerts(
    request: Request,
    choice: LanguageChoiceDep,
    session: SessionDep,
    page: PageParamsDep,
    country: CountryCode | None = None,
) -> Response:
    """Anyone, without an account: alerts valid now, newest first, in the wanted language."""
    rows, total = await repository.listing(session, page, country=country, active_at=utcnow())
    items = [views.alert_out(row, choice) for row in rows]
    return public_response(
        request, Page(items=items, total=total, limit=page.limit, offset=page.offset), language=choice.wanted
    )


@router.get(
    "/all",
    response_model=Page[AlertEditorOut],
    summary="Every alert, past and future included.",
    responses=problem_responses(401, 403),
)
async def list_all_alerts(
    _editor: EditorUser,
    session: SessionDep,
    page: PageParamsDep,
    country: Annotated[CountryCode | None, Query()] = None,
) -> Page[AlertEditorOut]:
    """Editors, admins, machine clients with `info:write`."""
    rows, total = await repository.listing(session, page, country=country, active_at=None)
    items = [views.editor_out(row) for row in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


@router.post("", response_model=AlertEditorOut, status_code=201, summary="Issue an alert.", responses=WRITE)
async def create_alert(body: AlertCreate, editor: EditorUser, session: SessionDep) -> AlertEditorOut:
    """Editors, admins, machine clients with `info:write`. The country needs a profile."""
    return views.editor_out(await service.create(session, body, editor.subject or ""))


@router.patch(
    "/{alert_id:uuid}", response_model=AlertEditorOut, summary="Change or end an alert.", responses=WRITE
)
async def update_alert(
    editor: EditorUser, body: AlertUpdate, alert: ExistingAlert, session: SessionDep
) -> AlertEditorOut:
    """Editors, admins, machine clients with `info:write`. Set `valid_until` to end it."""
    return views.editor_out(await service.update(session, alert, body, editor.subject or ""))
