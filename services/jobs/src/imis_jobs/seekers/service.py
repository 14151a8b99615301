"""Job-seeker rules: one profile per user, validated against the taxonomy; consent; erasure.

Every profile write is announced (``seeker_changes``) for matching's read model to follow it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs import seeker_changes
from imis_jobs.seekers import repository
from imis_jobs.seekers.models import JobSeeker, SeekerLanguage, SeekerOccupation, SeekerSkill
from imis_jobs.seekers.schemas import SeekerCreate, SeekerFields
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.db import utcnow
from imis_shared.errors import Conflict, FieldError, NotFound, ValidationFailed, body_error

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


async def own(session: AsyncSession, user_id: str) -> JobSeeker:
    """The profile of the user ``user_id``, with its occupations, skills and languages."""
    seeker = await repository.by_user(session, user_id)
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
    return errors


def _apply(seeker: JobSeeker, values: dict[str, Any]) -> None:
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


async def create(session: AsyncSession, user_id: str, data: SeekerCreate, taxonomy: Taxonomy) -> JobSeeker:
    if await repository.by_user(session, user_id) is not None:
        raise Conflict("You already have a profile; change it with PATCH /seekers/me.")
    values = data.model_dump()
    values["certifications"] = values["certifications"] or []
    values["preferred_countries"] = values["preferred_countries"] or []
    errors = check(values, taxonomy, utcnow().date())
    if errors:
        raise ValidationFailed("The profile is not valid.", errors=errors)
    seeker = JobSeeker(user_id=user_id, discoverable=False, occupations=[], skills=[], languages=[])
    _apply(seeker, values)
    session.add(seeker)
    await session.flush()
    await seeker_changes.profile_changed(session, seeker.id)
    return seeker


async def update(
    session: AsyncSession, seeker: JobSeeker, data: SeekerFields, taxonomy: Taxonomy
) -> JobSeeker:
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
    _apply(seeker, changes)
    await session.flush()
    await seeker_changes.profile_changed(session, seeker.id)
    return seeker


async def erase(session: AsyncSession, seeker: JobSeeker) -> None:
    """The right to erasure: the profile and everything attached to it."""
    await session.delete(seeker)
    await session.flush()
