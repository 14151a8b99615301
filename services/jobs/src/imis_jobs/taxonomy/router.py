"""Taxonomy endpoints: ESCO occupations and skills, the ISCO-08 tree. Public reference data."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Path, Query

from imis_jobs import API_PREFIX
from imis_jobs.taxonomy.dependencies import Mode, SearchLanguage, TaxonomyDep
from imis_jobs.taxonomy.schemas import (
    IscoGroupDetail,
    OccupationDetail,
    OccupationSummary,
    SkillDetail,
    SkillSummary,
)
from imis_jobs.taxonomy.views import isco_ref, occupation_summary, skill_summary
from imis_shared.app import api_router
from imis_shared.errors import PROBLEM_RESPONSE
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.reference import Occupation, Skill
from imis_shared.validators import ConceptId, IscoCode

router = api_router(prefix=API_PREFIX, tags=["taxonomy"])
ConceptInPath = Annotated[ConceptId, Path()]
SearchText = Annotated[
    str | None, Query(min_length=1, max_length=200, description="Words of a job title or label.")
]


@router.get(
    "/occupations",
    response_model=Page[OccupationSummary],
    summary="Search ESCO occupations.",
)
async def search_occupations(
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    language: SearchLanguage,
    q: SearchText = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group, any level.")] = None,
    mode: Mode = "search",
) -> Page[OccupationSummary]:
    """Public. With `q`, ranked by relevance (a label with the same words first, then one that starts
    with them, then the most and rarest words in common, preferred and alternative labels alike);
    without, alphabetical. `isco` narrows to one ISCO-08 group. Titles are read as people write them:
    abbreviations and jargon, misspellings, gender and plural forms, shift, contract and place words,
    Arabic with its article and clitics (docs/matching.md, "Searching in four languages"). Each
    occupation's `label` is in the search's language where it has one (`label_language` says)."""
    typeahead = mode == "typeahead"
    # Scoring is CPU work: done in a worker thread, the service keeps answering meanwhile.
    ranked = await asyncio.to_thread(
        taxonomy.search_occupations, q, isco, page.limit, page.offset, language, typeahead
    )
    items = [
        occupation_summary(taxonomy, o, h, language) for o, h in ranked.items if isinstance(o, Occupation)
    ]
    return Page(items=items, total=ranked.total, limit=page.limit, offset=page.offset)


@router.get(
    "/occupations/{occupation_id}",
    response_model=OccupationDetail,
    summary="One ESCO occupation with its essential and optional skills.",
    responses={404: PROBLEM_RESPONSE},
)
async def get_occupation(occupation_id: ConceptInPath, taxonomy: TaxonomyDep) -> OccupationDetail:
    """Public."""
    occupation = taxonomy.occupation(occupation_id)
    essential, optional = taxonomy.occupation_skills.get(occupation.id, ((), ()))
    return OccupationDetail(
        id=occupation.id,
        uri=occupation.uri,
        label=occupation.label,
        alt_labels=list(occupation.alt_labels),
        description=occupation.description,
        esco_code=occupation.esco_code,
        isco=isco_ref(taxonomy, occupation.isco_code),
        essential_skills=[skill_summary(taxonomy, taxonomy.skills[s]) for s in essential],
        optional_skills=[skill_summary(taxonomy, taxonomy.skills[s]) for s in optional],
    )


@router.get(
    "/isco/{code}",
    response_model=IscoGroupDetail,
    summary="An ISCO-08 group with its parent, children and (for unit groups) occupations.",
    responses={404: PROBLEM_RESPONSE},
)
async def get_isco_group(
    code: Annotated[str, Path(pattern=r"^[0-9]{1,4}$")], taxonomy: TaxonomyDep
) -> IscoGroupDetail:
    """Public."""
    group = taxonomy.isco_group(code)
    return IscoGroupDetail(
        code=group.code,
        label=group.label,
        level=group.level,
        parent=isco_ref(taxonomy, group.parent_code) if group.parent_code else None,
        children=[isco_ref(taxonomy, child) for child in taxonomy.isco_children.get(code, [])],
        occupations=[occupation_summary(taxonomy, o) for o in taxonomy.occupations_by_unit.get(code, [])],
    )


@router.get("/skills", response_model=Page[SkillSummary], summary="Search ESCO skills and knowledge.")
async def search_skills(
    taxonomy: TaxonomyDep,
    page: PageParamsDep,
    language: SearchLanguage,
    q: SearchText = None,
    type: Annotated[
        str | None, Query(pattern=r"^(skill/competence|knowledge)$", description="Only this kind.")
    ] = None,
    mode: Mode = "search",
) -> Page[SkillSummary]:
    """Public. Ranked like occupation search. Skills have French labels besides English (ESCO v1.0's,
    for 96 % of them); in Italian and Arabic they are searched and shown in English."""
    typeahead = mode == "typeahead"
    ranked = await asyncio.to_thread(
        taxonomy.search_skills, q, type, page.limit, page.offset, language, typeahead
    )
    items = [skill_summary(taxonomy, s, h, language) for s, h in ranked.items if isinstance(s, Skill)]
    return Page(items=items, total=ranked.total, limit=page.limit, offset=page.offset)


@router.get(
    "/skills/{skill_id}",
    response_model=SkillDetail,
    summary="One ESCO skill.",
    responses={404: PROBLEM_RESPONSE},
)
async def get_skill(skill_id: ConceptInPath, taxonomy: TaxonomyDep) -> SkillDetail:
    """Public."""
    skill = taxonomy.skill(skill_id)
    return SkillDetail(
        id=skill.id, uri=skill.uri, label=skill.label, alt_labels=list(skill.alt_labels), type=skill.type
    )
