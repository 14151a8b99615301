"""What member routes (and the routes of packages built on members) depend on: the caller's own
record, the member filters of the staff lists, and which member record a caller may read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from imis_diaspora.access import MemberUser, is_staff
from imis_diaspora.members import repository
from imis_diaspora.members.models import ConsentPurpose, Member
from imis_diaspora.members.repository import MemberFilter
from imis_diaspora.reference import Sector
from imis_shared.auth import CurrentPrincipal
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound
from imis_shared.validators import ConceptId, CountryCode, IscedLevel, IscoCode, LanguageCode

ConceptQuery = Annotated[ConceptId | None, Query()]


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


async def member_filter(
    residence_country: CountryCode | None = None,
    city: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    occupation: ConceptQuery = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group, any level.")] = None,
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


@dataclass(frozen=True)
class ReadableMember:
    """A member record and how much of it the caller may see: all of it, or its directory entry."""

    member: Member
    whole: bool


async def readable_member(
    member_id: uuid.UUID, principal: CurrentPrincipal, session: SessionDep
) -> ReadableMember:
    """Staff and the member themself see the whole record; anyone else authenticated sees the
    directory entry of a member who consented to the directory, and 404 otherwise."""
    member = await repository.by_id(session, member_id)
    if member is None:
        raise NotFound("No such member.")
    if is_staff(principal) or (member.user_id is not None and member.user_id == principal.subject):
        return ReadableMember(member, whole=True)
    if not member.directory_consent:
        raise NotFound("No such member.")
    return ReadableMember(member, whole=False)
