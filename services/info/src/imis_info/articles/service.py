"""Published articles as the public reads them: only published translations are shown."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.articles import repository, views
from imis_info.articles.models import Translation, TranslationStatus
from imis_info.articles.schemas import ArticleOut


async def published(session: AsyncSession, article_id: uuid.UUID) -> dict[str, Translation]:
    """The article's published translations by language, in language order."""
    return {
        t.language: t
        for t in await repository.translations(session, article_id)
        if t.status is TranslationStatus.PUBLISHED
    }


async def public_article(
    session: AsyncSession, translation: Translation, available: Collection[str]
) -> ArticleOut:
    """``translation`` as the public sees it; ``available`` names the article's public languages."""
    article = await repository.get_article(session, translation.article_id)
    assert article is not None  # a translation's article exists (foreign key)
    topics = await repository.topics_of(session, [article.id])
    return views.article_out(
        translation,
        article,
        topics.get(article.id, []),
        await repository.occupations_of(session, article.id),
        list(available),  # type: ignore[arg-type]
    )
