"""Bulk import of consulates' member lists (CSV)."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Query, UploadFile

from imis_diaspora import API_PREFIX
from imis_diaspora.access import Officer
from imis_diaspora.config import SettingsDep
from imis_diaspora.imports import service
from imis_diaspora.imports.schemas import ImportReport
from imis_diaspora.reference import EscoDep
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import PayloadTooLarge, problem_responses

router = api_router(prefix=API_PREFIX, tags=["imports"])


@router.post(
    "/members/import",
    response_model=ImportReport,
    summary="Import members from a CSV file.",
    responses=problem_responses(401, 403, 413, 415, 422),
)
async def import_members(
    file: Annotated[UploadFile, File(description="The CSV file (columns in docs/diaspora.md).")],
    officer: Officer,
    session: SessionDep,
    esco: EscoDep,
    settings: SettingsDep,
    all_or_nothing: Annotated[
        bool, Query(description="Import nothing if any row is invalid (422 listing them).")
    ] = False,
) -> ImportReport:
    """Officers and admins; a multipart upload with the file in `file`. Valid rows are imported
    even if others are not, unless `all_or_nothing`. Importing the same file again changes
    nothing: rows match records on email, or on name, date of birth and country of residence.
    Imported people have records without a user account and with no consent given."""
    data = await file.read(settings.import_max_bytes + 1)
    if len(data) > settings.import_max_bytes:
        raise PayloadTooLarge(f"The file is larger than {settings.import_max_bytes} bytes.")
    return await service.import_members(session, data, esco, all_or_nothing=all_or_nothing)
