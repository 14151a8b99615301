"""Response bodies of the taxonomy endpoints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from imis_shared.validators import ConceptId, ContentLanguage, EscoUri


class IscoRef(BaseModel):
    code: str = Field(description="ISCO-08 code: 1 digit major group … 4 digits unit group.")
    label: str


class OccupationSummary(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # always sent

    id: ConceptId
    uri: EscoUri
    label: str = Field(description="In the search's language where the occupation has a label in it.")
    label_language: ContentLanguage = Field(description="The language of `label`: the search's, or `en`.")
    isco: IscoRef = Field(description="The ISCO-08 unit group of the occupation.")
    matched_label: str | None = Field(
        default=None, description="The label the query matched, in whichever language it matched."
    )
    score: float | None = Field(default=None, description="Relevance in [0, 1] when searching.")


class SkillSummary(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)  # always sent

    id: ConceptId
    uri: EscoUri
    label: str = Field(description="In the search's language where the skill has a label in it.")
    label_language: ContentLanguage = Field(description="The language of `label`: the search's, or `en`.")
    type: str = Field(description="`skill/competence` or `knowledge`.")
    matched_label: str | None = None
    score: float | None = None


class OccupationDetail(BaseModel):
    id: ConceptId
    uri: EscoUri
    label: str
    alt_labels: list[str]
    description: str
    esco_code: str
    isco: IscoRef
    essential_skills: list[SkillSummary]
    optional_skills: list[SkillSummary]


class SkillDetail(BaseModel):
    id: ConceptId
    uri: EscoUri
    label: str
    alt_labels: list[str]
    type: str


class IscoGroupDetail(BaseModel):
    code: str
    label: str
    level: int = Field(description="1 major, 2 sub-major, 3 minor, 4 unit group.")
    parent: IscoRef | None
    children: list[IscoRef]
    occupations: list[OccupationSummary] = Field(description="ESCO occupations of a unit group (level 4).")
