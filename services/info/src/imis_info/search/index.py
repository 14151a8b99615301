"""Keeping the search index in step with what is published."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import cast, delete, func, literal, literal_column, update
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from imis_info.articles.models import Translation
from imis_info.articles.rendering import plain_text
from imis_info.search.models import SearchDocument
from imis_info.search.normalise import normalise

# PostgreSQL text-search configuration per content language (stemming and stop words).
TEXT_CONFIGS = {"en": "english", "fr": "french", "it": "italian", "ar": "arabic"}


def weighted_document(language: str) -> ColumnElement[str]:
    config = cast(literal(TEXT_CONFIGS[language]), REGCONFIG)

    def part(column: Any, weight: str) -> ColumnElement[str]:
        return func.setweight(
            func.to_tsvector(config, func.coalesce(column, "")), literal_column(f"'{weight}'")
        )

    return (
        part(SearchDocument.title, "A")
        .op("||")(part(SearchDocument.summary, "B"))
        .op("||")(part(SearchDocument.body, "C"))
    )


async def publish(session: AsyncSession, translation: Translation, country: str | None) -> None:
    """Index (or re-index) a translation that became public."""
    await withdraw(session, translation.id)
    document = SearchDocument(
        translation_id=translation.id,
        article_id=translation.article_id,
        language=translation.language,
        country=country,
        slug=translation.slug,
        display_title=translation.title,
        title=normalise(translation.title),
        summary=normalise(translation.summary),
        body=normalise(plain_text(translation.body_html)),
    )
    session.add(document)
    await session.flush()
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            update(SearchDocument)
            .where(SearchDocument.id == document.id)
            .values(document=weighted_document(translation.language))
        )


async def withdraw(session: AsyncSession, translation_id: uuid.UUID) -> None:
    """Remove a translation that is no longer public."""
    await session.execute(delete(SearchDocument).where(SearchDocument.translation_id == translation_id))
