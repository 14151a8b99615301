"""Keeping the search index in step with what is published."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, insert, literal, literal_column, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from imis_info.articles.models import Translation
from imis_info.articles.rendering import plain_text
from imis_info.search.models import SearchDocument
from imis_info.search.normalise import normalise

# PostgreSQL text-search configuration per content language (stemming and stop words).
TEXT_CONFIGS = {"en": "english", "fr": "french", "it": "italian", "ar": "arabic"}


def text_config(language: str) -> ColumnElement[Any]:
    """The configuration as SQL text (from the fixed table above), so plans are made knowing it."""
    return literal_column(f"'{TEXT_CONFIGS[language]}'::regconfig")


def weighted_document(language: str, title: Any, summary: Any, body: Any) -> ColumnElement[str]:
    """title (weight A) || summary (B) || body (C), parsed with the language's configuration."""
    config = text_config(language)

    def part(text: Any, weight: str) -> ColumnElement[str]:
        return func.setweight(
            func.to_tsvector(config, func.coalesce(text, "")), literal_column(f"'{weight}'")
        )

    return part(title, "A").op("||")(part(summary, "B")).op("||")(part(body, "C"))


def document_values(translation: Translation, country: str | None) -> dict[str, Any]:
    """The index row of a translation (without the PostgreSQL tsvector)."""
    return {
        "translation_id": translation.id,
        "article_id": translation.article_id,
        "language": translation.language,
        "country": country,
        "slug": translation.slug,
        "display_title": translation.title,
        "title": normalise(translation.title),
        "summary": normalise(translation.summary),
        "body": normalise(plain_text(translation.body_html)),
    }


async def publish(session: AsyncSession, translation: Translation, country: str | None) -> None:
    """Index (or re-index) a translation that became public."""
    await withdraw(session, translation.id)
    values = document_values(translation, country)
    if session.get_bind().dialect.name == "postgresql":
        # Computed in the INSERT itself: no second row version for VACUUM to clean up.
        values["document"] = weighted_document(
            translation.language,
            literal(values["title"]),
            literal(values["summary"]),
            literal(values["body"]),
        )
    await session.execute(insert(SearchDocument).values(**values))


async def move_country(session: AsyncSession, article_id: uuid.UUID, country: str | None) -> None:
    """An article's country changed: its published translations are found under the new one."""
    await session.execute(
        update(SearchDocument).where(SearchDocument.article_id == article_id).values(country=country)
    )


async def withdraw(session: AsyncSession, translation_id: uuid.UUID) -> None:
    """Remove a translation that is no longer public."""
    await session.execute(delete(SearchDocument).where(SearchDocument.translation_id == translation_id))
