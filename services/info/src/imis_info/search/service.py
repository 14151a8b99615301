"""Searching published content: a query's words are checked, analysed per language, then matched by
the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.search import repository
from imis_info.search.analysis import query_groups
from imis_info.search.normalise import query_terms
from imis_info.search.repository import Found, SearchQuery
from imis_shared.errors import FieldError, ValidationFailed
from imis_shared.pagination import PageParams

MAX_TERMS = 12


def terms_of(q: str) -> list[str]:
    """The normalised words of ``q``; a 422 when it has none or too many."""
    terms = query_terms(q)
    if not terms:
        raise ValidationFailed("The query has no words to search for.", errors=[_query_error("has no words")])
    if len(terms) > MAX_TERMS:
        raise ValidationFailed(
            f"At most {MAX_TERMS} words.", errors=[_query_error(f"has more than {MAX_TERMS} words")]
        )
    return terms


def _query_error(message: str) -> FieldError:
    return FieldError(field="q", location="query", message=message, type="value_error")


def query_of(
    terms: Sequence[str], languages: Sequence[str], country: str | None, topic: str | None
) -> SearchQuery:
    """What each language looks for: the words but that language's stop words, as it stems them (a
    language left with no words, a query of its stop words alone, finds nothing there)."""
    groups = {language: query_groups(terms, language) for language in languages}
    return SearchQuery({language: g for language, g in groups.items() if g}, country, topic)


async def search(session: AsyncSession, query: SearchQuery, params: PageParams) -> tuple[list[Found], int]:
    """Texts with one form of each of the query's words, in any language searched."""
    return await repository.search(session, query, params)
