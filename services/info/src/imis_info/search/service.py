"""Searching published content: a query's words are checked, then matched by the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.search import repository
from imis_info.search.normalise import content_terms, query_terms
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


async def search(
    session: AsyncSession,
    terms: Sequence[str],
    languages: Sequence[str],
    country: str | None,
    topic: str | None,
    params: PageParams,
) -> tuple[list[Found], int]:
    """Texts with every word of ``terms`` but the stop words; a query of stop words alone finds none."""
    searched = content_terms(terms, languages)
    if not searched:
        return [], 0
    return await repository.search(session, SearchQuery(searched, languages, country, topic), params)
