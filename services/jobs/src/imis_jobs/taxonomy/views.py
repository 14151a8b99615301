"""How occupations, skills and ISCO-08 groups are shown."""

from __future__ import annotations

from imis_jobs.taxonomy.schemas import IscoRef, OccupationSummary, SkillSummary
from imis_jobs.taxonomy.service import Taxonomy
from imis_shared.reference import Occupation, Skill
from imis_shared.reference.search import Hit


def isco_ref(taxonomy: Taxonomy, code: str) -> IscoRef:
    return IscoRef(code=code, label=taxonomy.isco[code].label)


def occupation_summary(
    taxonomy: Taxonomy, occupation: Occupation, hit: Hit | None = None
) -> OccupationSummary:
    return OccupationSummary(
        id=occupation.id,
        uri=occupation.uri,
        label=occupation.label,
        isco=isco_ref(taxonomy, occupation.isco_code),
        matched_label=hit.matched_label if hit else None,
        score=hit.score if hit else None,
    )


def skill_summary(skill: Skill, hit: Hit | None = None) -> SkillSummary:
    return SkillSummary(
        id=skill.id,
        uri=skill.uri,
        label=skill.label,
        type=skill.type,
        matched_label=hit.matched_label if hit else None,
        score=hit.score if hit else None,
    )
