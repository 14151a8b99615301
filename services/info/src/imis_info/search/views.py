"""Building search responses from matches (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence

from imis_info.languages import Language, direction
from imis_info.search import snippets
from imis_info.search.repository import Found, SearchQuery
from imis_info.search.schemas import SearchHit, SearchPage
from imis_shared.pagination import PageParams


def hit(found: Found, query: SearchQuery) -> SearchHit:
    return SearchHit(
        article_id=found.article_id,
        language=found.language,  # type: ignore[arg-type]
        dir=direction(found.language),
        slug=found.slug,
        title=found.title,
        country=found.country,
        snippet=snippets.cut(found.text, found.analysed, query.wanted(found.language)),
        score=round(found.score, 6),
    )


def search_page(
    found: Sequence[Found],
    total: int,
    page: PageParams,
    terms: list[str],
    languages: list[Language],
    query: SearchQuery,
) -> SearchPage:
    return SearchPage(
        items=[hit(f, query) for f in found],
        total=total,
        limit=page.limit,
        offset=page.offset,
        query_terms=terms,
        languages=languages,
    )
