"""Public article endpoints: published translations only, in the caller's language."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Path, Query, Request, Response

from imis_info import API_PREFIX
from imis_info.articles import repository, service, views
from imis_info.articles.schemas import ArticleListItem, ArticleOut
from imis_info.caching import cached, public_response
from imis_info.languages import Language, LanguageChoiceDep
from imis_info.topics.schemas import TopicCode
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import NotFound, problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_shared.validators import CountryCode, IscoCode

router = api_router(prefix=f"{API_PREFIX}/articles", tags=["articles"])
NOT_FOUND = problem_responses(404)


@router.get("", response_model=Page[ArticleListItem], summary="Published articles, newest first.", **cached())
async def list_articles(
    request: Request,
    choice: LanguageChoiceDep,
    session: SessionDep,
    page: PageParamsDep,
    country: CountryCode | None = None,
    topic: TopicCode | None = None,
    isco: Annotated[IscoCode | None, Query(description="ISCO-08 group; broader groups match too.")] = None,
) -> Response:
    """Anyone, without an account. Each article in the wanted language, or in the default
    language when it has no published translation in the wanted one (each item says which)."""
    rows, total = await repository.published_listing(
        session,
        page,
        language=choice.wanted,
        fallback=choice.fallback,
        country=country,
        topic=topic,
        isco=isco,
    )
    ids = {row.article_id for row in rows}
    topics = await repository.topics_of(session, ids)
    countries = await repository.countries_of(session, ids)
    items = [
        views.list_item(row, countries.get(row.article_id), topics.get(row.article_id, [])) for row in rows
    ]
    return public_response(
        request, Page(items=items, total=total, limit=page.limit, offset=page.offset), language=choice.wanted
    )


@router.get(
    "/by-slug/{language}/{slug}",
    response_model=ArticleOut,
    summary="A published translation by its slug.",
    **cached(NOT_FOUND),
)
async def get_article_by_slug(
    request: Request, language: Language, slug: Annotated[str, Path(max_length=120)], session: SessionDep
) -> Response:
    """Anyone, without an account."""
    translation = await repository.published_by_slug(session, language, slug)
    if translation is None:
        raise NotFound(f"No published {language} article {slug!r}.")
    published = await service.published(session, translation.article_id)
    body = await service.public_article(session, translation, published)
    return public_response(request, body, language=translation.language)


@router.get("/{article_id}", response_model=ArticleOut, summary="A published article.", **cached(NOT_FOUND))
async def get_article(
    request: Request, article_id: uuid.UUID, choice: LanguageChoiceDep, session: SessionDep
) -> Response:
    """Anyone, without an account. Served in the first available of: `?lang=`, the
    `Accept-Language` preferences, the default language, any published language; `language`
    and `Content-Language` say which, `dir` is `rtl` for Arabic."""
    published = await service.published(session, article_id)
    language = choice.pick(published)
    if language is None:
        raise NotFound("No such published article.")
    body = await service.public_article(session, published[language], published)
    return public_response(request, body, language=language)
