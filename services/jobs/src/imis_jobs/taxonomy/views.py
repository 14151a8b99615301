"""How occupations, skills and ISCO-08 groups are shown."""

from __future__ import annotations

from imis_jobs.taxonomy.schemas import IscoRef, OccupationSummary, SkillSummary
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.reference import Occupation, Skill
from imis_shared.reference.search import Hit


def isco_ref(taxonomy: Taxonomy, code: str, language: str = "en") -> IscoRef:
    return IscoRef(code=code, label=taxonomy.label_in("isco", code, language)[0])


def occupation_summary(
    taxonomy: Taxonomy, occupation: Occupation, hit: Hit | None = None, language: str = "en"
) -> OccupationSummary:
    label, label_language = taxonomy.label_in("occupations", occupation.id, language)
    return OccupationSummary(
        id=occupation.id,
        uri=occupation.uri,
        label=label,
        label_language=label_language,
        isco=isco_ref(taxonomy, occupation.isco_code, language),
        matched_label=hit.matched_label if hit else None,
        score=hit.score if hit else None,
    )


def skill_summary(
    taxonomy: Taxonomy, skill: Skill, hit: Hit | None = None, language: str = "en"
) -> SkillSummary:
    label, label_language = taxonomy.label_in("skills", skill.id, language)
    return SkillSummary(
        id=skill.id,
        uri=skill.uri,
        label=label,
        label_language=label_language,
        type=skill.type,
        matched_label=hit.matched_label if hit else None,
        score=hit.score if hit else None,
    )
