"""Verifications as each caller may see them."""

from __future__ import annotations

from datetime import date

from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.verifications.models import Verification
from imis_jobs.verifications.schemas import VerificationOut, VerificationOutcome
from imis_jobs.verifications.service import state


def _outcome_fields(verification: Verification, taxonomy: Taxonomy, today: date) -> dict[str, object]:
    skill = taxonomy.skills.get(verification.skill_id) if verification.skill_id else None
    return {
        "id": verification.id,
        "kind": verification.kind,
        "outcome": verification.outcome,
        "state": state(verification, today),
        "checked_on": verification.checked_on,
        "valid_until": verification.valid_until,
        "skill_id": verification.skill_id,
        "skill_label": skill.label if skill else None,
        "level": verification.skill_level,
        "score": verification.score,
        "language": verification.language,
        "reading": verification.reading,
        "writing": verification.writing,
        "listening": verification.listening,
        "speaking": verification.speaking,
        "isced_level": verification.isced_level,
        "field_of_study": verification.field_of_study,
        "institution": verification.institution,
        "issuing_country": verification.issuing_country,
        "recognition": verification.recognition,
        "recognition_country": verification.recognition_country,
        "programme_id": verification.programme_id,
    }


def verification_outcome(verification: Verification, taxonomy: Taxonomy, today: date) -> VerificationOutcome:
    """For employers: no notes (a medical check's details), no evidence, no officer."""
    return VerificationOutcome.model_validate(_outcome_fields(verification, taxonomy, today))


def verification_out(verification: Verification, taxonomy: Taxonomy, today: date) -> VerificationOut:
    return VerificationOut.model_validate(
        _outcome_fields(verification, taxonomy, today)
        | {
            "seeker_id": verification.seeker_id,
            "officer_id": verification.officer_id,
            "evidence_reference": verification.evidence_reference,
            "notes": verification.notes,
            "revoked_at": verification.revoked_at,
            "revoked_by": verification.revoked_by,
            "revocation_reason": verification.revocation_reason,
            "created_at": verification.created_at,
        }
    )
