"""Member rules: one record per user, validated against ESCO; consent given and withdrawn; erasure."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_diaspora.members import repository
from imis_diaspora.members.models import (
    CONSENT_COLUMNS,
    ConsentEvent,
    ConsentPurpose,
    Member,
    MemberClaim,
    MemberLanguage,
    MemberSkill,
)
from imis_diaspora.members.schemas import MemberCreate, MemberFields
from imis_diaspora.reference import Esco
from imis_shared.auth import Principal
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed, body_error
from imis_shared.validators import normalise_email

SCALARS = (
    "full_name",
    "date_of_birth",
    "citizenships",
    "residence_country",
    "residence_city",
    "emigration_year",
    "residence_status",
    "sector",
    "education_level",
    "education_field",
    "employer",
    "phone",
    "email",
    "preferred_contact",
)
REQUIRED = frozenset({"full_name", "date_of_birth", "citizenships", "residence_country"})
LIST_FIELDS = ("skills", "languages")


def check(merged: dict[str, Any], esco: Esco, today: date) -> list[FieldError]:
    """Rules across fields and against reference data; pydantic has checked each field alone."""
    errors = esco.errors(merged)
    languages = [item["language"] for item in merged.get("languages") or []]
    if len(set(languages)) != len(languages):
        errors.append(body_error("languages", "names the same language twice", "duplicate"))
    born = merged["date_of_birth"]
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not 15 <= age <= 120:
        errors.append(body_error("date_of_birth", "gives an age outside 15 to 120", "range"))
    year = merged.get("emigration_year")
    if year is not None and not born.year <= year <= today.year:
        errors.append(body_error("emigration_year", "must lie between the birth year and now", "range"))
    channel = merged.get("preferred_contact")
    if channel is not None and not merged.get(str(channel)):
        errors.append(body_error("preferred_contact", f"needs the member's {channel}", "missing_contact"))
    return errors


def apply(member: Member, values: dict[str, Any], esco: Esco) -> None:
    for key in SCALARS:
        if key in values:
            setattr(member, key, values[key])
    if "occupation_id" in values:
        occupation = values["occupation_id"]
        member.occupation_id = occupation
        member.isco_code = esco.occupations[occupation].isco_code if occupation else None
    if values.get("skills") is not None:
        member.skills = [MemberSkill(skill_id=skill) for skill in values["skills"]]
    if values.get("languages") is not None:
        # In the relationship's order (by language), as a fresh load would list them.
        languages = sorted(values["languages"], key=lambda x: x["language"])
        member.languages = [MemberLanguage(language=x["language"], level=x["level"]) for x in languages]


async def _check_email(session: AsyncSession, email: str | None, member: Member | None) -> None:
    if email and await repository.email_taken(session, email, member.id if member else None):
        raise Conflict(
            "Another member record holds this email (a consulate may have registered it); ask the ministry.",
            field="email",
        )


async def create(session: AsyncSession, user_id: str, data: MemberCreate, esco: Esco) -> Member:
    if await repository.by_user(session, user_id, details=False) is not None:
        raise Conflict("You are already registered; change your record with PATCH /members/me.")
    values = data.model_dump()
    errors = check(values, esco, utcnow().date())
    if errors:
        raise ValidationFailed("The member record is not valid.", errors=errors)
    await _check_email(session, values["email"], None)
    member = Member(user_id=user_id, skills=[], languages=[])
    apply(member, values, esco)
    session.add(member)
    await session.flush()
    return member


async def update(session: AsyncSession, member: Member, data: MemberFields, esco: Esco) -> Member:
    changes = data.model_dump(exclude_unset=True)
    nulls = sorted(key for key, value in changes.items() if value is None and key in REQUIRED)
    if nulls:
        raise ValidationFailed(
            "Required fields cannot be cleared.",
            errors=[body_error(key, "cannot be null", "null") for key in nulls],
        )
    for key in LIST_FIELDS:
        if key in changes and changes[key] is None:
            changes[key] = []
    current: dict[str, Any] = {key: getattr(member, key) for key in SCALARS}
    current["occupation_id"] = member.occupation_id
    current["skills"] = [s.skill_id for s in member.skills]
    current["languages"] = [{"language": x.language} for x in member.languages]
    errors = check({**current, **changes}, esco, utcnow().date())
    if errors:
        raise ValidationFailed("The member record is not valid.", errors=errors)
    if changes.get("email"):
        await _check_email(session, changes["email"], member)
    apply(member, changes, esco)
    member.updated_at = utcnow()
    await session.flush()
    return member


async def claim(session: AsyncSession, user: Principal) -> Member:
    """Attach the user to the imported record (no user yet) that holds their verified email.

    The email must come from the token as verified by the gateway (the ``email_verified`` claim):
    it is the proof that the record is theirs. Emails compare as the service stores them, normalised.
    """
    user_id = user.subject or ""
    if not user.email_verified or not user.email:
        raise Forbidden(
            "Your token carries no verified email: verify your email address at the gateway "
            "(POST /api/v1/auth/me/email-verification), then sign in again and claim."
        )
    if await repository.by_user(session, user_id, details=False) is not None:
        raise Conflict("You already have a member record; a user has one record only.")
    try:
        email = normalise_email(user.email)
    except ValueError:
        raise NotFound("No unclaimed member record holds your email.") from None
    member = await repository.unclaimed_by_email(session, email)
    if member is None:
        raise NotFound("No unclaimed member record holds your email.")
    try:
        attached = await repository.attach_user(session, member.id, user_id)
    except IntegrityError:  # the same user claimed or registered at the same moment
        raise Conflict("You already have a member record; a user has one record only.") from None
    if not attached:  # someone else claimed it between our read and our write
        raise NotFound("No unclaimed member record holds your email.")
    session.add(MemberClaim(member_id=member.id, user_id=user_id, email=email, claimed_at=utcnow()))
    await session.flush()
    return member


async def record_consent(
    session: AsyncSession,
    member: Member,
    purpose: ConsentPurpose,
    granted: bool,
    text_version: str,
    recorded_by: str,
) -> ConsentEvent:
    """Give or withdraw one consent: the same call either way, always appended to the history."""
    setattr(member, CONSENT_COLUMNS[purpose], granted)
    event = ConsentEvent(
        member_id=member.id,
        purpose=purpose,
        granted=granted,
        text_version=text_version,
        recorded_at=utcnow(),
        recorded_by=recorded_by,
    )
    session.add(event)
    await session.flush()
    return event


async def erase(session: AsyncSession, member: Member) -> None:
    """The right to erasure: the record, its consent history and everything attached to it."""
    await session.delete(member)
    await session.flush()
