"""Verification rules: what a check must say to be recorded, revocation, and pre-screening.

A seeker is pre-screened for a programme when they hold a counting check (passed, not revoked,
not expired) of every kind the programme requires, or the ministry's default
(``IMIS_JOBS_PRESCREENING_REQUIRES``) when the programme names none or none is asked about.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.programmes import repository as programmes
from imis_jobs.programmes.models import Programme
from imis_jobs.seekers import repository as seekers
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.verifications import repository
from imis_jobs.verifications.models import Verification, VerificationKind
from imis_jobs.verifications.schemas import HeldCheck, PrescreeningOut, VerificationIn
from imis_shared.db import utcnow
from imis_shared.errors import FieldError, InvalidState, NotFound, ValidationFailed, body_error, query_error


async def record(
    session: AsyncSession, data: VerificationIn, officer: str, taxonomy: Taxonomy
) -> Verification:
    """Record a check an officer made; 422 naming each field that cannot be."""
    today = utcnow().date()
    errors: list[FieldError] = []
    if await seekers.by_id(session, data.seeker_id) is None:
        errors.append(body_error("seeker_id", "is not a job seeker", "unknown_seeker"))
    if data.checked_on > today:
        errors.append(body_error("checked_on", "is in the future", "future"))
    if data.valid_until is not None and data.valid_until < data.checked_on:
        errors.append(body_error("valid_until", "is before checked_on", "range"))
    fields = data.model_dump(exclude={"level"})
    if data.kind == "skill_test":
        fields["skill_level"] = data.level
        if data.skill_id not in taxonomy.skills:
            errors.append(body_error("skill_id", "is not an ESCO skill", "unknown_skill"))
    if (
        data.kind == "interview"
        and data.programme_id is not None
        and await programmes.get(session, data.programme_id) is None
    ):
        errors.append(body_error("programme_id", "is not a programme", "unknown_programme"))
    if errors:
        raise ValidationFailed("The verification cannot be recorded.", errors=errors)
    verification = Verification(officer_id=officer, **fields)
    session.add(verification)
    await session.flush()
    return verification


async def revoke(
    session: AsyncSession, verification: Verification, officer: str, reason: str
) -> Verification:
    if verification.revoked_at is not None:
        raise InvalidState("This verification is already revoked.")
    verification.revoked_at = utcnow()
    verification.revoked_by = officer
    verification.revocation_reason = reason
    await session.flush()
    return verification


async def get(session: AsyncSession, verification_id: uuid.UUID) -> Verification:
    verification = await repository.get(session, verification_id)
    if verification is None:
        raise NotFound("No such verification.")
    return verification


def state(verification: Verification, today: date) -> Literal["valid", "expired", "revoked"]:
    if verification.revoked_at is not None:
        return "revoked"
    if verification.valid_until is not None and verification.valid_until < today:
        return "expired"
    return "valid"


def required_kinds(
    programme: Programme | None, default: Sequence[VerificationKind]
) -> list[VerificationKind]:
    """The kinds of check pre-screening for ``programme`` requires, in a stable order."""
    named = programme.required_verifications if programme is not None else []
    return sorted({VerificationKind(kind) for kind in named or default})


async def programme_or_none(session: AsyncSession, programme_id: uuid.UUID | None) -> Programme | None:
    """The programme a query asks about (422 naming `programme_id` when there is none such), or
    None when it asks about none."""
    if programme_id is None:
        return None
    programme = await programmes.get(session, programme_id)
    if programme is None:
        raise ValidationFailed(
            "No such programme.",
            errors=[query_error("programme_id", "is not a programme", "unknown_programme")],
        )
    return programme


@dataclass(frozen=True)
class Verified:
    """What a seeker's counting checks establish: skills tested, the best level per language
    tested in all four skills, the highest ISCED level of a credential."""

    skills: frozenset[str]
    languages: dict[str, str]
    isced_level: int | None


async def verified_for(session: AsyncSession, seeker_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Verified]:
    """What the counting checks of each of ``seeker_ids`` establish today."""
    skills: dict[uuid.UUID, set[str]] = defaultdict(set)
    languages: dict[uuid.UUID, dict[str, str]] = defaultdict(dict)
    isced: dict[uuid.UUID, int] = {}
    for check in await repository.counting_for(session, seeker_ids, utcnow().date()):
        seeker = check.seeker_id
        if check.kind == VerificationKind.SKILL_TEST and check.skill_id:
            skills[seeker].add(check.skill_id)
        elif check.kind == VerificationKind.LANGUAGE_TEST and check.language:
            level = min(str(check.reading), str(check.writing), str(check.listening), str(check.speaking))
            languages[seeker][check.language] = max(level, languages[seeker].get(check.language, ""))
        elif check.kind == VerificationKind.CREDENTIAL and check.isced_level is not None:
            isced[seeker] = max(check.isced_level, isced.get(seeker, -1))
    return {
        seeker: Verified(frozenset(skills[seeker]), dict(languages[seeker]), isced.get(seeker))
        for seeker in seeker_ids
    }


def lasts_longer(valid_until: date | None, than: HeldCheck | None) -> bool:
    """Whether a check valid until ``valid_until`` (None: for ever) outlasts the one held."""
    if than is None or than.valid_until is None:
        return than is None
    return valid_until is None or valid_until > than.valid_until


async def prescreening(
    session: AsyncSession,
    seeker_id: uuid.UUID,
    programme: Programme | None,
    default: Sequence[VerificationKind],
) -> PrescreeningOut:
    """Which required checks ``seeker_id`` holds and which are missing, today."""
    requires = required_kinds(programme, default)
    held: dict[VerificationKind, HeldCheck] = {}
    for check in await repository.counting_for(session, [seeker_id], utcnow().date()):
        if check.kind in requires and lasts_longer(check.valid_until, held.get(check.kind)):
            held[check.kind] = HeldCheck(
                kind=check.kind, verification_id=check.id, valid_until=check.valid_until
            )
    return PrescreeningOut(
        seeker_id=seeker_id,
        programme_id=programme.id if programme is not None else None,
        prescreened=len(held) == len(requires),
        requires=requires,
        held=[held[kind] for kind in requires if kind in held],
        missing=[kind for kind in requires if kind not in held],
    )
