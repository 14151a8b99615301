"""Member endpoints: the member's own record and consent, staff lists and export, the directory."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Annotated

from fastapi import Depends, Query, Response

from imis_diaspora import API_PREFIX
from imis_diaspora.access import MemberUser, StaffReader, is_staff
from imis_diaspora.members import repository, service
from imis_diaspora.members.models import ConsentPurpose, Member
from imis_diaspora.members.repository import MemberFilter
from imis_diaspora.members.schemas import (
    ConsentChange,
    ConsentEventOut,
    ConsentState,
    DirectoryEntry,
    MemberCreate,
    MemberOut,
    MemberUpdate,
)
from imis_diaspora.members.views import CSV_COLUMNS, consents, csv_row, directory_entry, member_out
from imis_diaspora.reference import EscoDep, Sector
from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, IscedLevel, LanguageCode

router = api_router(prefix=API_PREFIX, tags=["members"])
ERRORS = problem_responses(401, 403, 404)
ConceptQuery = Annotated[str | None, Query(pattern=r"^[0-9a-f-]{36}$")]


async def _registered(user: MemberUser, session: SessionDep, *, details: bool) -> Member:
    member = await repository.by_user(session, user.subject or "", details=details)
    if member is None:
        raise NotFound("You are not registered yet; register with POST /members/me.")
    return member


async def own_member(user: MemberUser, session: SessionDep) -> Member:
    return await _registered(user, session, details=True)


async def own_member_row(user: MemberUser, session: SessionDep) -> Member:
    """The caller's record without skills and languages, for routes that need only its columns
    (who the member is, their consents): two queries fewer than :data:`OwnMember`."""
    return await _registered(user, session, details=False)


OwnMember = Annotated[Member, Depends(own_member)]
OwnMemberRow = Annotated[Member, Depends(own_member_row)]


def member_filter(
    residence_country: CountryCode | None = None,
    city: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    occupation: ConceptQuery = None,
    isco: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="ISCO-08 group, any level.")] = None,
    skill: ConceptQuery = None,
    sector: Sector | None = None,
    education_level: Annotated[IscedLevel | None, Query()] = None,
    language: LanguageCode | None = None,
    consent: Annotated[ConsentPurpose | None, Query(description="Only members who gave it.")] = None,
) -> MemberFilter:
    return MemberFilter(
        residence_country=residence_country,
        city=city,
        occupation_id=occupation,
        isco=isco,
        skill=skill,
        sector=sector,
        education_level=education_level,
        language=language,
        consent=consent,
    )


MemberFilterDep = Annotated[MemberFilter, Depends(member_filter)]


@router.post(
    "/members/me",
    response_model=MemberOut,
    status_code=201,
    summary="Register as a diaspora member.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def register(body: MemberCreate, user: MemberUser, session: SessionDep, esco: EscoDep) -> MemberOut:
    """`diaspora_member` users, once. Every consent starts withdrawn; give each with
    `PUT /members/me/consents/{purpose}`."""
    return member_out(await service.create(session, user.subject or "", body, esco), esco)


@router.post(
    "/members/me/claim",
    response_model=MemberOut,
    summary="Claim the imported record that holds my verified email.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def claim(user: MemberUser, session: SessionDep, esco: EscoDep) -> MemberOut:
    """`diaspora_member` users whose token carries a verified email (`email_verified`; 403 saying
    so otherwise). Attaches the caller to the record without a user (imported from a consulate's
    list) that holds that email; it is then their own (`/members/me`). 404 if no such record,
    409 if the caller has a record already. Every claim is kept."""
    member = await service.claim(session, user)
    # Read again: the claim attached the user with a conditional UPDATE, and skills and
    # languages were not loaded.
    fresh = await repository.by_id(session, member.id)
    assert fresh is not None
    return member_out(fresh, esco)


@router.get("/members/me", response_model=MemberOut, summary="My member record.", responses=ERRORS)
async def read_own(member: OwnMember, esco: EscoDep) -> MemberOut:
    """`diaspora_member` users: everything stored about them."""
    return member_out(member, esco)


@router.patch(
    "/members/me",
    response_model=MemberOut,
    summary="Change my member record.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def update_own(body: MemberUpdate, member: OwnMember, session: SessionDep, esco: EscoDep) -> MemberOut:
    """`diaspora_member` users, on their own record. Lists (skills, languages) are replaced whole."""
    return member_out(await service.update(session, member, body, esco), esco)


@router.delete("/members/me", status_code=204, summary="Erase my member record.", responses=ERRORS)
async def erase_own(member: OwnMember, session: SessionDep) -> Response:
    """`diaspora_member` users: deletes the record, its consent history, offers and links.
    Pledges stay (projects' accounts) without the member."""
    await service.erase(session, member)
    return Response(status_code=204)


@router.get(
    "/members/me/consents",
    response_model=ConsentState,
    summary="My consents and their history.",
    responses=ERRORS,
)
async def read_consents(member: OwnMemberRow, session: SessionDep) -> ConsentState:
    """`diaspora_member` users: the current answer per purpose and every answer given."""
    history = await repository.consent_history(session, member.id)
    return ConsentState(
        current=consents(member),
        history=[ConsentEventOut.model_validate(event, from_attributes=True) for event in history],
    )


@router.put(
    "/members/me/consents/{purpose}",
    response_model=ConsentState,
    summary="Give or withdraw one consent.",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def change_consent(
    purpose: ConsentPurpose, body: ConsentChange, member: OwnMemberRow, user: MemberUser, session: SessionDep
) -> ConsentState:
    """`diaspora_member` users. `{"granted": false, ...}` withdraws with the same call that gives;
    every call is kept in the history with its time and the consent text version."""
    await service.record_consent(
        session, member, purpose, body.granted, body.text_version, user.subject or ""
    )
    return await read_consents(member, session)


@router.get("/members", response_model=Page[MemberOut], summary="List members.", responses=ERRORS)
async def list_members(
    staff: StaffReader, session: SessionDep, esco: EscoDep, page: PageParamsDep, where: MemberFilterDep
) -> Page[MemberOut]:
    """Officers, admins and machine clients with `diaspora:read`. Ordered by name."""
    rows, total = await repository.search(session, where, page)
    return Page(items=[member_out(r, esco) for r in rows], total=total, limit=page.limit, offset=page.offset)


@router.get(
    "/members/export",
    summary="Export the filtered members as CSV.",
    responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
    response_class=Response,
)
async def export_members(staff: StaffReader, session: SessionDep, where: MemberFilterDep) -> Response:
    """Officers, admins and machine clients with `diaspora:read`: every member matching the same
    filters as `GET /members`, one row each (UTF-8, header row; lists space-separated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    async for member in repository.stream(session, where):
        writer.writerow(csv_row(member))
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="diaspora-members.csv"'},
    )


@router.get(
    "/members/{member_id}",
    response_model=MemberOut | DirectoryEntry,
    summary="One member.",
    responses=ERRORS,
)
async def read_member(
    member_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep, esco: EscoDep
) -> MemberOut | DirectoryEntry:
    """Staff see the whole record. Any other authenticated caller sees the directory entry of a
    member who consented to the directory, and 404 otherwise."""
    member = await repository.by_id(session, member_id)
    if member is None:
        raise NotFound("No such member.")
    if is_staff(principal) or (member.user_id is not None and member.user_id == principal.subject):
        return member_out(member, esco)
    if not member.directory_consent:
        raise NotFound("No such member.")
    return directory_entry(member, esco)


@router.get(
    "/directory",
    response_model=Page[DirectoryEntry],
    summary="The expert directory.",
    responses=problem_responses(401),
)
async def directory(
    principal: CurrentPrincipal,
    session: SessionDep,
    esco: EscoDep,
    page: PageParamsDep,
    residence_country: CountryCode | None = None,
    isco: Annotated[str | None, Query(pattern=r"^\d{1,4}$")] = None,
    skill: ConceptQuery = None,
    sector: Sector | None = None,
    language: LanguageCode | None = None,
) -> Page[DirectoryEntry]:
    """Any authenticated caller. Only members who consented to the directory, and only its
    fields: no contact details, birth date, citizenship or residence status."""
    where = MemberFilter(
        residence_country=residence_country,
        isco=isco,
        skill=skill,
        sector=sector,
        language=language,
        consent=ConsentPurpose.DIRECTORY,
    )
    rows, total = await repository.search(session, where, page)
    return Page(
        items=[directory_entry(r, esco) for r in rows], total=total, limit=page.limit, offset=page.offset
    )
