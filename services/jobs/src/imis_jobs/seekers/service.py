"""Job-seeker rules: one profile per user, validated against the taxonomy; consent and its history;
assisted registration by an officer and the person's claim; erasure.

Every profile write is announced (``seeker_changes``) for matching's read model to follow it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import seeker_changes
from imis_jobs.seekers import claim_code, repository
from imis_jobs.seekers.models import (
    ConsentChannel,
    JobSeeker,
    SeekerClaimFailure,
    SeekerConsent,
    SeekerConsentPurpose,
    SeekerLanguage,
    SeekerOccupation,
    SeekerSkill,
)
from imis_jobs.seekers.schemas import (
    DISCOVERABLE_TEXT_VERSION,
    SeekerCreate,
    SeekerFields,
    SeekerRegistration,
)
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.db import utcnow
from imis_shared.errors import (
    Conflict,
    FieldError,
    InvalidState,
    NotFound,
    TooManyRequests,
    ValidationFailed,
    body_error,
)

SCALARS = (
    "full_name",
    "date_of_birth",
    "citizenship",
    "residence_country",
    "residence_subdivision",
    "phone",
    "email",
    "education_level",
    "education_field",
    "certifications",
    "preferred_countries",
    "available_from",
)
REQUIRED = frozenset({"full_name", "date_of_birth", "citizenship", "residence_country"})
CONSENT_WORDS = ("consent_text_version", "consent_language")
# Wrong claim codes a user may type in a day before being refused (429) until the oldest is a day old.
MAX_FAILED_CLAIMS = 10
CLAIM_FAILURE_WINDOW = timedelta(days=1)
NO_CLAIMABLE_PROFILE = "No profile waits to be claimed with this code (it may be wrong, expired or used)."


class NoClaimableProfile(NotFound):
    """A wrong, expired or spent claim code. The failure counts against the user's daily allowance,
    so the request keeps it."""

    keep_changes = True


async def own(session: AsyncSession, user_id: str, *, to_change: bool = False) -> JobSeeker:
    """The profile of the user ``user_id``, with its occupations, skills and languages; locked
    for the rest of the transaction when the caller will ``to_change`` it."""
    seeker = await repository.by_user(session, user_id, lock=to_change)
    if seeker is None:
        raise NotFound("You have no profile yet; create it with POST /seekers/me.")
    return seeker


def check(merged: dict[str, Any], taxonomy: Taxonomy, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    for index, held in enumerate(merged.get("occupations") or []):
        if held["occupation_id"] not in taxonomy.occupations:
            errors.append(
                body_error(
                    f"occupations.{index}.occupation_id", "is not an ESCO occupation", "unknown_occupation"
                )
            )
    for index, skill in enumerate(merged.get("skills") or []):
        if skill not in taxonomy.skills:
            errors.append(body_error(f"skills.{index}", "is not an ESCO skill", "unknown_skill"))
    for field, key in (("occupations", "occupation_id"), ("languages", "language")):
        values = [item[key] for item in merged.get(field) or []]
        if len(values) != len(set(values)):
            errors.append(body_error(field, f"names the same {key.split('_')[0]} twice", "duplicate"))
    if len(set(merged.get("skills") or [])) != len(merged.get("skills") or []):
        errors.append(body_error("skills", "names the same skill twice", "duplicate"))
    subdivision = merged.get("residence_subdivision")
    if subdivision and not subdivision.startswith(f"{merged['residence_country']}-"):
        errors.append(body_error("residence_subdivision", "is not in residence_country", "mismatch"))
    born = merged["date_of_birth"]
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if not 15 <= age <= 100:
        errors.append(body_error("date_of_birth", "gives an age outside 15 to 100", "range"))
    if merged.get("discoverable") is None:
        errors += [
            body_error(key, "is read only with discoverable", "needs_discoverable")
            for key in CONSENT_WORDS
            if merged.get(key) is not None
        ]
    return errors


def _apply(seeker: JobSeeker, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``seeker``; whether ``discoverable`` changed."""
    for key in SCALARS:
        if key in values:
            setattr(seeker, key, values[key])
    if values.get("occupations") is not None:
        seeker.occupations = [
            SeekerOccupation(occupation_id=o["occupation_id"], years=o["years"])
            for o in values["occupations"]
        ]
    if values.get("skills") is not None:
        seeker.skills = [SeekerSkill(skill_id=skill) for skill in values["skills"]]
    if values.get("languages") is not None:
        seeker.languages = [
            SeekerLanguage(language=x["language"], level=x["level"]) for x in values["languages"]
        ]
    if values.get("discoverable") is not None and values["discoverable"] != seeker.discoverable:
        seeker.discoverable = values["discoverable"]
        seeker.consent_changed_at = utcnow()
        return True
    return False


def _consent(
    seeker: JobSeeker, values: dict[str, Any], channel: ConsentChannel, recorded_by: str
) -> SeekerConsent:
    """The history row of the answer to "may verified employers find you?" that ``values`` give."""
    return SeekerConsent(
        seeker_id=seeker.id,
        purpose=SeekerConsentPurpose.DISCOVERABLE,
        granted=values["discoverable"],
        text_version=values.get("consent_text_version") or DISCOVERABLE_TEXT_VERSION,
        language=values.get("consent_language") or "en",
        channel=channel,
        recorded_by=recorded_by,
        recorded_at=utcnow(),
    )


def _answered(values: dict[str, Any], changed: bool) -> bool:
    """Whether the seeker's own request answers the consent question: it changes ``discoverable``,
    or sends it with the version of the words shown (agreeing again to new words)."""
    return changed or (
        values.get("discoverable") is not None and values.get("consent_text_version") is not None
    )


def _new_profile(values: dict[str, Any], taxonomy: Taxonomy, **columns: Any) -> JobSeeker:
    values["certifications"] = values["certifications"] or []
    values["preferred_countries"] = values["preferred_countries"] or []
    errors = check(values, taxonomy, utcnow().date())
    if errors:
        raise ValidationFailed("The profile is not valid.", errors=errors)
    return JobSeeker(discoverable=False, occupations=[], skills=[], languages=[], **columns)


async def create(session: AsyncSession, user_id: str, data: SeekerCreate, taxonomy: Taxonomy) -> JobSeeker:
    if await repository.by_user(session, user_id) is not None:
        raise Conflict("You already have a profile; change it with PATCH /seekers/me.")
    values = data.model_dump()
    seeker = _new_profile(values, taxonomy, user_id=user_id)
    changed = _apply(seeker, values)
    session.add(seeker)
    await session.flush()
    if _answered(values, changed):
        session.add(_consent(seeker, values, ConsentChannel.SELF_SERVICE, user_id))
    await seeker_changes.profile_changed(session, seeker.id)
    return seeker


def _new_claim_code(seeker: JobSeeker, days: int) -> tuple[str, datetime]:
    code = claim_code.new_code()
    seeker.claim_code_hash = claim_code.digest(code)
    seeker.claim_code_expires_at = utcnow() + timedelta(days=days)
    return code, seeker.claim_code_expires_at


async def register(
    session: AsyncSession, officer_id: str, data: SeekerRegistration, taxonomy: Taxonomy, code_days: int
) -> tuple[JobSeeker, str, datetime]:
    """A profile no user owns yet, registered by an officer for a person in front of them, with the
    consent the person gave in person; and the one-time code (valid ``code_days``) with which the
    person claims it once they have an account."""
    values = data.model_dump()
    seeker = _new_profile(values, taxonomy, user_id=None, registered_by=officer_id)
    _apply(seeker, values)
    code, expires_at = _new_claim_code(seeker, code_days)
    session.add(seeker)
    await session.flush()
    session.add(_consent(seeker, values, ConsentChannel.IN_PERSON, officer_id))
    await seeker_changes.profile_changed(session, seeker.id)
    return seeker, code, expires_at


async def reissue_code(session: AsyncSession, seeker: JobSeeker, code_days: int) -> tuple[str, datetime]:
    """A fresh claim code for an unclaimed profile; the previous one stops working."""
    if seeker.user_id is not None:
        raise InvalidState("This profile has been claimed by its person; it needs no code.")
    code, expires_at = _new_claim_code(seeker, code_days)
    await session.flush()
    return code, expires_at


async def claim(session: AsyncSession, user_id: str, typed: str) -> JobSeeker:
    """Attach the user to the unclaimed profile whose live code they typed, spending the code.

    A user gets ``MAX_FAILED_CLAIMS`` wrong codes a day (429 after that, even for the right one):
    with the code's length (``claim_code``) that makes guessing hopeless."""
    if await repository.by_user(session, user_id) is not None:
        raise Conflict("You already have a profile; a user has one profile only.")
    now = utcnow()
    since = now - CLAIM_FAILURE_WINDOW
    failures = await repository.claim_failures_since(session, user_id, since)
    if len(failures) >= MAX_FAILED_CLAIMS:
        retry_after = failures[-MAX_FAILED_CLAIMS] + CLAIM_FAILURE_WINDOW - now
        raise TooManyRequests(
            "Too many wrong claim codes; try again later.", retry_after=int(retry_after.total_seconds()) + 1
        )
    code_hash = claim_code.digest(typed)
    seeker = await repository.claimable(session, code_hash, now)
    attached = False
    if seeker is not None:
        try:
            attached = await repository.attach_user(session, seeker.id, code_hash, user_id)
        except IntegrityError:  # the same user claimed or created a profile at the same moment
            raise Conflict("You already have a profile; a user has one profile only.") from None
    if seeker is None or not attached:  # unknown, expired, or claimed between our read and write
        await repository.forget_claim_failures_before(session, user_id, since)
        session.add(SeekerClaimFailure(user_id=user_id, failed_at=now))
        await session.flush()
        raise NoClaimableProfile(NO_CLAIMABLE_PROFILE)
    return seeker


async def update(
    session: AsyncSession, seeker: JobSeeker, data: SeekerFields, taxonomy: Taxonomy, user_id: str
) -> JobSeeker:
    """The seeker ``user_id`` changes their own profile."""
    changes = data.model_dump(exclude_unset=True)
    nulls = sorted(
        key for key, value in changes.items() if value is None and key in REQUIRED | {"discoverable"}
    )
    if nulls:
        raise ValidationFailed(
            "Required fields cannot be cleared.",
            errors=[body_error(k, "cannot be null", "null") for k in nulls],
        )
    for key in ("certifications", "preferred_countries", "occupations", "skills", "languages"):
        if key in changes and changes[key] is None:
            changes[key] = []
    current: dict[str, Any] = {key: getattr(seeker, key) for key in SCALARS}
    current["occupations"] = [{"occupation_id": o.occupation_id} for o in seeker.occupations]
    current["skills"] = [s.skill_id for s in seeker.skills]
    current["languages"] = [{"language": x.language} for x in seeker.languages]
    errors = check({**current, **changes}, taxonomy, utcnow().date())
    if errors:
        raise ValidationFailed("The profile is not valid.", errors=errors)
    if _answered(changes, _apply(seeker, changes)):
        session.add(_consent(seeker, changes, ConsentChannel.SELF_SERVICE, user_id))
    await session.flush()
    await seeker_changes.profile_changed(session, seeker.id)
    return seeker


async def erase(session: AsyncSession, seeker: JobSeeker) -> None:
    """The right to erasure: the profile and everything attached to it."""
    await session.delete(seeker)
    await session.flush()
