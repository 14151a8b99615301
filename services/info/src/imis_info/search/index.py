"""Keeping the search index in step with what is published."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.articles.models import Translation
from imis_info.articles.rendering import plain_text
from imis_info.search import repository
from imis_info.search.normalise import normalise


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
    await repository.add_document(session, document_values(translation, country))


async def move_country(session: AsyncSession, article_id: uuid.UUID, country: str | None) -> None:
    """An article's country changed: its published translations are found under the new one."""
    await repository.set_country(session, article_id, country)


async def withdraw(session: AsyncSession, translation_id: uuid.UUID) -> None:
    """Remove a translation that is no longer public."""
    await repository.remove_document(session, translation_id)
