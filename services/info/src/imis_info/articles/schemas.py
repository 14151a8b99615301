"""Article bodies and responses: the public view, the editor's view and revisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from imis_info.articles.models import RevisionAction, TranslationStatus
from imis_info.languages import Language, Served
from imis_info.topics.schemas import TopicCode
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import CountryCode, IscoCode, Trimmed

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120),
]
Title = Annotated[str, Trimmed(200)]
Summary = Annotated[str, Trimmed(1000)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=100_000)]
Note = Annotated[str, Trimmed(1000)]


class Source(StrictModel):
    title: Title
    url: HttpUrl = Field(description="Where the information comes from (an official page).")


class TranslationCreate(StrictModel):
    language: Language
    slug: Slug
    title: Title
    summary: Summary
    body: Body = Field(description="Markdown. Raw HTML is shown as text; links are sanitised.")
    sources: list[Source] = Field(default_factory=list, max_length=30)


class ArticleCreate(StrictModel):
    country: CountryCode | None = Field(default=None, description="None for general advice.")
    topics: list[TopicCode] = Field(min_length=1, max_length=8)
    isco_groups: list[IscoCode] = Field(default_factory=list, max_length=20, description="ISCO-08 codes.")
    translation: TranslationCreate


class ArticleUpdate(ChangeModel):
    """What the translations share; fields not sent are kept. `country: null` makes it general."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    clearable: ClassVar[frozenset[str]] = frozenset({"country"})

    country: CountryCode | None = None
    topics: list[TopicCode] | None = Field(default=None, min_length=1, max_length=8)
    isco_groups: list[IscoCode] | None = Field(default=None, max_length=20)

    @model_validator(mode="after")
    def _something(self) -> ArticleUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one of country, topics, isco_groups")
        return self


class TranslationUpdate(ChangeModel):
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    slug: Slug | None = None
    title: Title | None = None
    summary: Summary | None = None
    body: Body | None = None
    sources: list[Source] | None = Field(default=None, max_length=30)

    @model_validator(mode="after")
    def _something(self) -> TranslationUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one of slug, title, summary, body, sources")
        return self


class TranslationStatusChange(StrictModel):
    status: TranslationStatus
    note: Note | None = None


class SourceOut(BaseModel):
    title: str
    url: str


class TranslationBrief(BaseModel):
    language: Language
    status: TranslationStatus
    version: int
    title: str
    slug: str


class TranslationEditorOut(Served):
    id: uuid.UUID
    article_id: uuid.UUID
    slug: str
    title: str
    summary: str
    body: str
    body_html: str
    sources: list[SourceOut]
    status: TranslationStatus
    version: int = Field(description='Send it back as `If-Match: "<version>"` to change the translation.')
    created_by: str
    updated_by: str
    submitted_by: str | None
    approved_by: str | None
    published_at: datetime | None
    last_reviewed_date: date | None
    updated_at: datetime


class ArticleEditorOut(BaseModel):
    id: uuid.UUID
    country: CountryCode | None
    topics: list[str]
    isco_groups: list[str]
    created_by: str
    translations: list[TranslationBrief]


class ArticleListItem(Served):
    id: uuid.UUID
    country: CountryCode | None
    topics: list[str]
    slug: str
    title: str
    summary: str
    published_at: datetime | None


class ArticleOut(ArticleListItem):
    isco_groups: list[str]
    body_html: str
    sources: list[SourceOut]
    last_reviewed_date: date | None
    available_languages: list[Language]


class RevisionBrief(BaseModel):
    number: int
    action: RevisionAction
    status: TranslationStatus
    changed_fields: list[str]
    note: str | None
    saved_by: str
    saved_at: datetime


class RevisionOut(RevisionBrief):
    slug: str
    title: str
    summary: str
    body: str
    sources: list[SourceOut]


class DueForReview(BaseModel):
    article_id: uuid.UUID
    language: Language
    title: str
    last_reviewed_date: date | None
    days_since_review: int | None
