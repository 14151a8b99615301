"""How a seeker profile is shown: whole (to the seeker and staff) or without the birth date and
contact details (to employers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from imis_jobs.seekers.models import JobSeeker, SeekerConsent
from imis_jobs.seekers.schemas import (
    Certification,
    OccupationHeldOut,
    SeekerConsentOut,
    SeekerLanguageOut,
    SeekerOut,
    SeekerProfile,
    SeekerProfileWithContact,
    SeekerSkillOut,
)
from imis_jobs.taxonomy.service import Taxonomy


def profile_fields(
    seeker: JobSeeker,
    taxonomy: Taxonomy,
    occupations: Iterable[tuple[str, int]] | None = None,
    skills: Iterable[str] | None = None,
    languages: Iterable[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """The profile as employers and officers see it. The occupations (with years), skills and
    languages (with levels) come from the loaded relationships, or, when given, from what the
    caller already read of the seeker (so the relationships need not be loaded), in the same order."""
    if occupations is None or skills is None or languages is None:
        occupations = [(o.occupation_id, o.years) for o in seeker.occupations]
        skills = [s.skill_id for s in seeker.skills]
        languages = [(x.language, x.level) for x in seeker.languages]
    return {
        "id": seeker.id,
        "full_name": seeker.full_name,
        "citizenship": seeker.citizenship,
        "residence_country": seeker.residence_country,
        "residence_subdivision": seeker.residence_subdivision,
        "occupations": [
            OccupationHeldOut(
                occupation_id=occupation_id,
                label=taxonomy.occupations[occupation_id].label,
                isco_code=taxonomy.occupations[occupation_id].isco_code,
                years=years,
            )
            for occupation_id, years in occupations
        ],
        "skills": [
            SeekerSkillOut(skill_id=skill_id, label=taxonomy.skills[skill_id].label) for skill_id in skills
        ],
        "languages": [SeekerLanguageOut(language=language, level=level) for language, level in languages],
        "education_level": seeker.education_level,
        "education_field": seeker.education_field,
        "certifications": [Certification(**c) for c in seeker.certifications],
        "preferred_countries": seeker.preferred_countries,
        "available_from": seeker.available_from,
    }


def seeker_out(seeker: JobSeeker, taxonomy: Taxonomy) -> SeekerOut:
    return SeekerOut(
        **profile_fields(seeker, taxonomy),
        user_id=seeker.user_id,
        registered_by=seeker.registered_by,
        claimed_at=seeker.claimed_at,
        claim_code_expires_at=seeker.claim_code_expires_at,
        date_of_birth=seeker.date_of_birth,
        phone=seeker.phone,
        email=seeker.email,
        discoverable=seeker.discoverable,
        consent_changed_at=seeker.consent_changed_at,
        created_at=seeker.created_at,
        updated_at=seeker.updated_at,
    )


def profile_for_employer(
    seeker: JobSeeker, taxonomy: Taxonomy, *, with_contact: bool
) -> SeekerProfile | SeekerProfileWithContact:
    """What a verified employer sees: the profile without the birth date, with the contact
    details only when ``with_contact``."""
    if with_contact:
        return SeekerProfileWithContact(
            **profile_fields(seeker, taxonomy), phone=seeker.phone, email=seeker.email
        )
    return SeekerProfile(**profile_fields(seeker, taxonomy))


def consent_out(consent: SeekerConsent) -> SeekerConsentOut:
    return SeekerConsentOut.model_validate(consent, from_attributes=True)
