"""Articles, their translations (one per language, each with its own workflow) and revisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base
from imis_shared.db import EnumText, IdMixin, TimestampMixin, utcnow


class TranslationStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class RevisionAction(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    ARCHIVED = "archived"
    REOPENED = "reopened"
    REVIEWED = "reviewed"
    RESTORED = "restored"


class Article(IdMixin, TimestampMixin, Base):
    """What the translations share: the country (none for general advice), topics, occupations."""

    __tablename__ = "article"

    country: Mapped[str | None] = mapped_column(ForeignKey("country.code"), index=True)
    created_by: Mapped[str] = mapped_column(String(64))


class ArticleTopic(Base):
    __tablename__ = "article_topic"

    article_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    topic_code: Mapped[str] = mapped_column(ForeignKey("topic.code"), primary_key=True, index=True)


class ArticleOccupation(Base):
    """An ISCO-08 group the article is about ("working as a nurse in Italy": 2221)."""

    __tablename__ = "article_occupation"

    article_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("article.id", ondelete="CASCADE"), primary_key=True
    )
    isco_group: Mapped[str] = mapped_column(String(4), primary_key=True, index=True)


class Translation(IdMixin, TimestampMixin, Base):
    """One language of an article. ``version`` grows on every save; a stale write fails."""

    __tablename__ = "article_translation"
    __table_args__ = (
        UniqueConstraint("article_id", "language"),
        UniqueConstraint("language", "slug", name="uq_article_translation_language_slug"),
    )

    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(2))
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, doc="Markdown, as the editor wrote it.")
    body_html: Mapped[str] = mapped_column(Text, doc="Rendered and sanitised.")
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[TranslationStatus] = mapped_column(
        EnumText(TranslationStatus, 16), default=TranslationStatus.DRAFT, index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_by: Mapped[str] = mapped_column(String(64))
    submitted_by: Mapped[str | None] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None]
    last_reviewed_date: Mapped[date | None] = mapped_column(Date, index=True)

    __mapper_args__ = {"version_id_col": version}


class Revision(IdMixin, Base):
    """Append-only: the translation as it was after each save, who saved it and what changed."""

    __tablename__ = "article_revision"
    __table_args__ = (UniqueConstraint("translation_id", "number"),)

    translation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("article_translation.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    action: Mapped[RevisionAction] = mapped_column(EnumText(RevisionAction, 16))
    status: Mapped[TranslationStatus] = mapped_column(EnumText(TranslationStatus, 16))
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    changed_fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(64))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
