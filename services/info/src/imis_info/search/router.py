"""``GET /search``: published content, ranked, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from imis_info import API_PREFIX
from imis_info.caching import cached, public_response
from imis_info.languages import LANGUAGES, Language
from imis_info.search import service, views
from imis_info.search.schemas import SearchPage
from imis_info.topics.schemas import TopicCode
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import problem_responses
from imis_shared.pagination import PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/search", tags=["search"])


@router.get(
    "", response_model=SearchPage, summary="Search published articles.", **cached(problem_responses(422))
)
async def search_articles(
    request: Request,
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find (all must match).")],
    lang: Annotated[Language | None, Query(description="Only this language; all four when absent.")] = None,
    country: CountryCode | None = None,
    topic: TopicCode | None = None,
) -> Response:
    """Anyone, without an account. Words are matched in their stemmed form with each language's
    Snowball stemmer, the same on both databases (Arabic also without its article and clitics, and
    with its letter variants and diacritics folded; Latin accents folded); snippets mark the words
    found as the text writes them."""
    terms = service.terms_of(q)
    languages = [lang] if lang else list(LANGUAGES)
    query = service.query_of(terms, languages, country, topic)
    found, total = await service.search(session, query, page)
    return public_response(request, views.search_page(found, total, page, terms, languages, query))
