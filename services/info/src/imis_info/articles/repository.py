"""Queries on articles, translations and revisions: the only place that builds them."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date

from sqlalchemy import Select, and_, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from imis_info.articles.models import (
    Article,
    ArticleOccupation,
    ArticleTopic,
    Revision,
    Translation,
    TranslationStatus,
)
from imis_shared.pagination import PageParams, paginate

PUBLISHED = TranslationStatus.PUBLISHED


async def get_article(session: AsyncSession, article_id: uuid.UUID) -> Article | None:
    return await session.get(Article, article_id)


async def translation(session: AsyncSession, article_id: uuid.UUID, language: str) -> Translation | None:
    statement = select(Translation).where(
        Translation.article_id == article_id, Translation.language == language
    )
    return (await session.scalars(statement)).one_or_none()


async def translations(session: AsyncSession, article_id: uuid.UUID) -> Sequence[Translation]:
    statement = select(Translation).where(Translation.article_id == article_id).order_by(Translation.language)
    return (await session.scalars(statement)).all()


async def published_by_slug(session: AsyncSession, language: str, slug: str) -> Translation | None:
    statement = select(Translation).where(
        Translation.language == language, Translation.slug == slug, Translation.status == PUBLISHED
    )
    return (await session.scalars(statement)).one_or_none()


async def slug_owner(session: AsyncSession, language: str, slug: str) -> uuid.UUID | None:
    statement = select(Translation.article_id).where(
        Translation.language == language, Translation.slug == slug
    )
    return (await session.scalars(statement)).one_or_none()


async def topics_of(session: AsyncSession, article_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    result: dict[uuid.UUID, list[str]] = defaultdict(list)
    statement = (
        select(ArticleTopic.article_id, ArticleTopic.topic_code)
        .where(ArticleTopic.article_id.in_(article_ids))
        .order_by(ArticleTopic.topic_code)
    )
    for article_id, code in (await session.execute(statement)).all():
        result[article_id].append(code)
    return result


def add_topics(session: AsyncSession, article_id: uuid.UUID, codes: Collection[str]) -> None:
    """File the article under ``codes`` (each once, however often it is named)."""
    session.add_all(ArticleTopic(article_id=article_id, topic_code=code) for code in dict.fromkeys(codes))


def add_occupations(session: AsyncSession, article_id: uuid.UUID, codes: Collection[str]) -> None:
    """Tie the article to the ISCO groups ``codes`` (each once, however often it is named)."""
    session.add_all(
        ArticleOccupation(article_id=article_id, isco_group=code) for code in dict.fromkeys(codes)
    )


async def replace_topics(session: AsyncSession, article_id: uuid.UUID, codes: Collection[str]) -> None:
    await session.execute(delete(ArticleTopic).where(ArticleTopic.article_id == article_id))
    add_topics(session, article_id, codes)


async def replace_occupations(session: AsyncSession, article_id: uuid.UUID, codes: Collection[str]) -> None:
    await session.execute(delete(ArticleOccupation).where(ArticleOccupation.article_id == article_id))
    add_occupations(session, article_id, codes)


async def occupations_of(session: AsyncSession, article_id: uuid.UUID) -> list[str]:
    statement = (
        select(ArticleOccupation.isco_group)
        .where(ArticleOccupation.article_id == article_id)
        .order_by(ArticleOccupation.isco_group)
    )
    return list((await session.scalars(statement)).all())


# Built once: an alias costs as much to make as the rest of the statement.
_OWN = aliased(Translation)


def _newest_published_in(language: str, fallback: str) -> Select[Translation]:
    """Published translations in ``language``, or in ``fallback`` where the article has none,
    newest first, joined to their article for filtering."""
    own = _OWN
    has_own = exists().where(
        own.article_id == Translation.article_id, own.language == language, own.status == PUBLISHED
    )
    return (
        select(Translation)
        .join(Article, Article.id == Translation.article_id)
        .where(
            Translation.status == PUBLISHED,
            or_(Translation.language == language, and_(Translation.language == fallback, ~has_own)),
        )
        .order_by(Translation.published_at.desc(), Translation.id)
    )


def isco_prefixes(code: str) -> list[str]:
    """An article about group 22 (health professionals) also answers a query for 2221 (nurses)."""
    return [code[:length] for length in range(1, len(code) + 1)]


async def published_listing(
    session: AsyncSession,
    params: PageParams,
    *,
    language: str,
    fallback: str,
    country: str | None,
    topic: str | None,
    isco: str | None,
) -> tuple[list[Translation], int]:
    statement = _newest_published_in(language, fallback)
    if country is not None:
        statement = statement.where(Article.country == country)
    if topic is not None:
        statement = statement.where(
            exists().where(ArticleTopic.article_id == Article.id, ArticleTopic.topic_code == topic)
        )
    if isco is not None:
        statement = statement.where(
            exists().where(
                ArticleOccupation.article_id == Article.id,
                ArticleOccupation.isco_group.in_(isco_prefixes(isco)),
            )
        )
    return await paginate(session, statement, params)


async def countries_of(
    session: AsyncSession, article_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, str | None]:
    statement = select(Article.id, Article.country).where(Article.id.in_(article_ids))
    return {article_id: country for article_id, country in (await session.execute(statement)).all()}


async def latest_for_country(
    session: AsyncSession, country: str, language: str, fallback: str, limit: int
) -> Sequence[Translation]:
    statement = _newest_published_in(language, fallback).where(Article.country == country).limit(limit)
    return (await session.scalars(statement)).all()


async def editorial_listing(
    session: AsyncSession,
    params: PageParams,
    *,
    status: TranslationStatus | None,
    language: str | None,
    country: str | None,
) -> tuple[list[Translation], int]:
    statement = select(Translation).join(Article, Article.id == Translation.article_id)
    if status is not None:
        statement = statement.where(Translation.status == status)
    if language is not None:
        statement = statement.where(Translation.language == language)
    if country is not None:
        statement = statement.where(Article.country == country)
    return await paginate(session, statement.order_by(Translation.updated_at.desc(), Translation.id), params)


async def due_for_review(
    session: AsyncSession, params: PageParams, *, reviewed_before: date
) -> tuple[list[Translation], int]:
    statement = (
        select(Translation)
        .where(
            Translation.status == PUBLISHED,
            or_(Translation.last_reviewed_date.is_(None), Translation.last_reviewed_date <= reviewed_before),
        )
        .order_by(Translation.last_reviewed_date.asc().nulls_first(), Translation.id)
    )
    return await paginate(session, statement, params)


async def revisions(
    session: AsyncSession, translation_id: uuid.UUID, params: PageParams
) -> tuple[list[Revision], int]:
    statement = (
        select(Revision).where(Revision.translation_id == translation_id).order_by(Revision.number.desc())
    )
    return await paginate(session, statement, params)


async def revision(session: AsyncSession, translation_id: uuid.UUID, number: int) -> Revision | None:
    statement = select(Revision).where(Revision.translation_id == translation_id, Revision.number == number)
    return (await session.scalars(statement)).one_or_none()
