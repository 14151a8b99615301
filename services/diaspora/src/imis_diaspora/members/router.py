"""Member endpoints: the member's own record and consent, staff lists and export, the directory."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Response

from imis_diaspora import API_PREFIX
from imis_diaspora.access import MemberUser, StaffReader
from imis_diaspora.members import repository, service
from imis_diaspora.members.dependencies import (
    ConceptQuery,
    MemberFilterDep,
    OwnMember,
    OwnMemberRow,
    ReadableMember,
    readable_member,
)
from imis_diaspora.members.models import ConsentPurpose
from imis_diaspora.members.repository import MemberFilter
from imis_diaspora.members.schemas import (
    ConsentChange,
    ConsentState,
    DirectoryEntry,
    MemberCreate,
    MemberOut,
    MemberUpdate,
)
from imis_diaspora.members.views import consent_state, csv_document, directory_entry, member_out
from imis_diaspora.reference import EscoDep, Sector
from imis_shared.app import api_router
from imis_shared.auth import AUTHENTICATED, CurrentPrincipal, audience
from imis_shared.db import SessionDep
from imis_shared.errors import PROBLEM_RESPONSE, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, IscoCode, LanguageCode

router = api_router(prefix=API_PREFIX, tags=["members"])
ERRORS = problem_responses(401, 403, 404)


@router.post(
    "/members/me",
    response_model=MemberOut,
    status_code=201,
    summary="Register as a diaspora member.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def create_my_member_record(
    body: MemberCreate, user: MemberUser, session: SessionDep, esco: EscoDep
) -> MemberOut:
    """`diaspora_member` users, once. Every consent starts withdrawn; give each with
    `PUT /members/me/consents/{purpose}`."""
    return member_out(await service.create(session, user.subject or "", body, esco), esco)


@router.post(
    "/members/me/claim",
    response_model=MemberOut,
    summary="Claim the imported record that holds my verified email.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE},
)
async def claim_member_record(user: MemberUser, session: SessionDep, esco: EscoDep) -> MemberOut:
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
async def get_my_member_record(member: OwnMember, esco: EscoDep) -> MemberOut:
    """`diaspora_member` users: everything stored about them."""
    return member_out(member, esco)


@router.patch(
    "/members/me",
    response_model=MemberOut,
    summary="Change my member record.",
    responses={**ERRORS, 409: PROBLEM_RESPONSE, 422: PROBLEM_RESPONSE},
)
async def update_my_member_record(
    body: MemberUpdate, member: OwnMember, session: SessionDep, esco: EscoDep
) -> MemberOut:
    """`diaspora_member` users, on their own record. Lists (skills, languages) are replaced whole."""
    return member_out(await service.update(session, member, body, esco), esco)


@router.delete("/members/me", status_code=204, summary="Erase my member record.", responses=ERRORS)
async def delete_my_member_record(member: OwnMember, session: SessionDep) -> Response:
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
async def get_my_consents(member: OwnMemberRow, session: SessionDep) -> ConsentState:
    """`diaspora_member` users: the current answer per purpose and every answer given."""
    return consent_state(member, await repository.consent_history(session, member.id))


@router.put(
    "/members/me/consents/{purpose}",
    response_model=ConsentState,
    summary="Give or withdraw one consent.",
    responses={**ERRORS, 422: PROBLEM_RESPONSE},
)
async def replace_my_consent(
    purpose: ConsentPurpose, body: ConsentChange, member: OwnMemberRow, user: MemberUser, session: SessionDep
) -> ConsentState:
    """`diaspora_member` users. `{"granted": false, ...}` withdraws with the same call that gives;
    every call is kept in the history with its time and the consent text version."""
    await service.record_consent(
        session, member, purpose, body.granted, body.text_version, user.subject or ""
    )
    return await get_my_consents(member, session)


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
    return Response(
        await csv_document(repository.stream(session, where)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="diaspora-members.csv"'},
    )


@router.get(
    "/members/{member_id:uuid}",  # a converter, so /members/import is never taken for an id
    response_model=MemberOut | DirectoryEntry,
    summary="One member.",
    responses=ERRORS,
    openapi_extra=audience(AUTHENTICATED),
)
async def get_member(
    readable: Annotated[ReadableMember, Depends(readable_member)], esco: EscoDep
) -> MemberOut | DirectoryEntry:
    """Staff see the whole record. Any other authenticated caller sees the directory entry of a
    member who consented to the directory, and 404 otherwise."""
    if readable.whole:
        return member_out(readable.member, esco)
    return directory_entry(readable.member, esco)


@router.get(
    "/directory",
    response_model=Page[DirectoryEntry],
    summary="The expert directory.",
    responses=problem_responses(401),
    openapi_extra=audience(AUTHENTICATED),
)
async def list_directory_entries(
    principal: CurrentPrincipal,
    session: SessionDep,
    esco: EscoDep,
    page: PageParamsDep,
    residence_country: CountryCode | None = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group, any level.")] = None,
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
