"""``GET /search``: published content, ranked, with highlighted snippets."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response

from imis_info import API_PREFIX
from imis_info.caching import public_response
from imis_info.languages import LANGUAGES, Language, direction
from imis_info.search.normalise import query_terms
from imis_info.search.repository import SearchQuery, search_postgres, search_sqlite
from imis_info.search.schemas import SearchHit, SearchPage
from imis_info.topics.schemas import TopicCode
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import FieldError, ValidationFailed, problem_responses
from imis_shared.pagination import PageParamsDep
from imis_shared.validators import CountryCode

router = api_router(prefix=f"{API_PREFIX}/search", tags=["search"])
MAX_TERMS = 12


@router.get(
    "", response_model=SearchPage, summary="Search published articles.", responses=problem_responses(422)
)
async def search(
    request: Request,
    session: SessionDep,
    page: PageParamsDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find (all must match).")],
    lang: Annotated[Language | None, Query(description="Only this language; all four when absent.")] = None,
    country: CountryCode | None = None,
    topic: TopicCode | None = None,
) -> Response:
    """Anyone, without an account. Words are matched in their stemmed form with the language's
    rules (PostgreSQL) or the Porter stemmer and accent folding (SQLite); Arabic letter variants
    and diacritics are folded on both sides."""
    terms = query_terms(q)
    if not terms:
        raise ValidationFailed("The query has no words to search for.", errors=[_query_error("has no words")])
    if len(terms) > MAX_TERMS:
        raise ValidationFailed(
            f"At most {MAX_TERMS} words.", errors=[_query_error(f"has more than {MAX_TERMS} words")]
        )
    languages = [lang] if lang else list(LANGUAGES)
    run = search_postgres if session.get_bind().dialect.name == "postgresql" else search_sqlite
    found, total = await run(session, SearchQuery(terms, languages, country, topic), page)
    hits = [
        SearchHit(
            article_id=f.article_id,
            language=f.language,  # type: ignore[arg-type]
            dir=direction(f.language),
            slug=f.slug,
            title=f.title,
            country=f.country,
            snippet=f.snippet,
            score=round(f.score, 6),
        )
        for f in found
    ]
    body = SearchPage(
        items=hits, total=total, limit=page.limit, offset=page.offset, query_terms=terms, languages=languages
    )
    return public_response(request, body)


def _query_error(message: str) -> FieldError:
    return FieldError(field="q", location="query", message=message, type="value_error")
