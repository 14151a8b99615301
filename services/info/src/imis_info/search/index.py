"""Keeping the search index in step with what is published."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.articles.models import Translation
from imis_info.articles.rendering import plain_text
from imis_info.search import repository
from imis_info.search.analysis import analyse


def analysed_text(language: str, title: str, summary: str, body_text: str) -> dict[str, str]:
    """The text columns of an index row: as written and analysed (``body_text`` is plain text)."""
    return {
        "display_title": title,
        "display_summary": summary,
        "display_body": body_text,
        "title": analyse(title, language),
        "summary": analyse(summary, language),
        "body": analyse(body_text, language),
    }


def document_values(translation: Translation, country: str | None) -> dict[str, Any]:
    """The index row of a translation (without the PostgreSQL tsvector)."""
    return {
        "translation_id": translation.id,
        "article_id": translation.article_id,
        "language": translation.language,
        "country": country,
        "slug": translation.slug,
        **analysed_text(
            translation.language, translation.title, translation.summary, plain_text(translation.body_html)
        ),
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
