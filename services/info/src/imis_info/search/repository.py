"""The search index's statements: keeping its rows in step, and the full-text queries.

Queries use PostgreSQL ``tsvector`` with per-language configurations, or SQLite FTS5. Both rank
(title weighs most, then summary, then body), filter by country and topic, count all matches and
cut a snippet around the matched words for the page only.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Select,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from imis_info.articles.models import ArticleTopic
from imis_info.search.models import SearchDocument
from imis_shared.pagination import PageParams

START, STOP = "\x02", "\x03"  # marks around matches, replaced by <mark> after escaping
SNIPPET_WORDS = 24
# PostgreSQL text-search configuration per content language (stemming and stop words).
TEXT_CONFIGS = {"en": "english", "fr": "french", "it": "italian", "ar": "arabic"}


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def text_config(language: str) -> ColumnElement[Any]:
    """The configuration as SQL text (from the fixed table above), so plans are made knowing it."""
    return literal_column(f"'{TEXT_CONFIGS[language]}'::regconfig")


def weighted_document(language: str, title: Any, summary: Any, body: Any) -> ColumnElement[str]:
    """title (weight A) || summary (B) || body (C), parsed with the language's configuration."""
    config = text_config(language)

    def part(value: Any, weight: str) -> ColumnElement[str]:
        return func.setweight(
            func.to_tsvector(config, func.coalesce(value, "")), literal_column(f"'{weight}'")
        )

    return part(title, "A").op("||")(part(summary, "B")).op("||")(part(body, "C"))


async def add_document(session: AsyncSession, values: dict[str, Any]) -> None:
    """Insert an index row; on PostgreSQL with its weighted ``tsvector`` in ``document``."""
    if _is_postgres(session):
        # Computed in the INSERT itself: no second row version for VACUUM to clean up.
        values = {
            **values,
            "document": weighted_document(
                values["language"],
                literal(values["title"]),
                literal(values["summary"]),
                literal(values["body"]),
            ),
        }
    await session.execute(insert(SearchDocument).values(**values))


async def set_country(session: AsyncSession, article_id: uuid.UUID, country: str | None) -> None:
    await session.execute(
        update(SearchDocument).where(SearchDocument.article_id == article_id).values(country=country)
    )


async def remove_document(session: AsyncSession, translation_id: uuid.UUID) -> None:
    await session.execute(delete(SearchDocument).where(SearchDocument.translation_id == translation_id))


@dataclass(frozen=True)
class SearchQuery:
    terms: Sequence[str]  # normalised words, all of which must match
    languages: Sequence[str]
    country: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Found:
    article_id: uuid.UUID
    language: str
    slug: str
    title: str
    country: str | None
    snippet: str
    score: float


def highlight(raw: str) -> str:
    return html.escape(raw).replace(START, "<mark>").replace(STOP, "</mark>")


def _topic_filter(article_id: Any, topic: str) -> ColumnElement[bool]:
    return exists().where(ArticleTopic.article_id == article_id, ArticleTopic.topic_code == topic)


def _all_matches(branches: Sequence[Select[Any]]) -> Subquery:
    """The per-language branches as one set of matches (a single branch needs no UNION)."""
    return (branches[0] if len(branches) == 1 else union_all(*branches)).subquery()


async def search_postgres(
    session: AsyncSession, query: SearchQuery, params: PageParams
) -> tuple[list[Found], int]:
    """One ranked branch per language (its own configuration, so the GIN index serves each),
    the total counted in the same pass; snippets are cut for the page's rows only."""
    text_query = " ".join(query.terms)
    doc = SearchDocument
    branches = []
    for language in query.languages:
        tsquery = func.plainto_tsquery(text_config(language), text_query)
        branch = select(doc.id, func.ts_rank(doc.document, tsquery).label("score")).where(
            doc.language == language, doc.document.op("@@")(tsquery)
        )
        if query.country is not None:
            branch = branch.where(doc.country == query.country)
        if query.topic is not None:
            branch = branch.where(_topic_filter(doc.article_id, query.topic))
        branches.append(branch)
    matches = _all_matches(branches)
    ranked = (
        select(matches.c.id, matches.c.score, func.count().over().label("total"))
        .order_by(matches.c.score.desc(), matches.c.id)
        .limit(params.limit)
        .offset(params.offset)
        .subquery()
    )
    row_config = case(*((doc.language == language, text_config(language)) for language in query.languages))
    row_query = func.plainto_tsquery(row_config, text_query)
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, MaxFragments=1"
    snippet = func.ts_headline(
        row_config, func.coalesce(func.nullif(doc.body, ""), doc.summary), row_query, options
    )
    statement = (
        select(
            doc.article_id,
            doc.language,
            doc.slug,
            doc.display_title,
            doc.country,
            snippet,
            ranked.c.score,
            ranked.c.total,
        )
        .join(ranked, ranked.c.id == doc.id)
        .order_by(ranked.c.score.desc(), doc.id)
    )
    rows = (await session.execute(statement)).all()
    if not rows:
        return [], await _count_beyond_page(session, branches) if params.offset else 0
    found = [Found(r[0], r[1], r[2], r[3], r[4], highlight(r[5]), float(r[6])) for r in rows]
    return found, int(rows[0][7])


async def _count_beyond_page(session: AsyncSession, branches: Sequence[Select[Any]]) -> int:
    """The total when the page is past the last match (the window count saw no rows)."""
    matches = _all_matches(branches)
    return int(await session.scalar(select(func.count()).select_from(matches)) or 0)


# The page is ranked (and the total counted) in one pass over the matches; the snippet, the
# costly part, is cut for the page's rows only.
_SQLITE_SEARCH = """
WITH matched AS MATERIALIZED (
    SELECT rowid AS id, -bm25(search_document_fts, 10.0, 4.0, 1.0) AS score
    FROM search_document_fts WHERE search_document_fts MATCH :match
), ranked AS (
    SELECT m.id AS id, m.score AS score, count(*) OVER () AS total
    FROM matched AS m JOIN search_document AS d ON d.id = m.id
    WHERE {where}
    ORDER BY m.score DESC, m.id
    LIMIT :limit OFFSET :offset
)
SELECT d.article_id, d.language, d.slug, d.display_title, d.country,
       snippet(search_document_fts, -1, :start, :stop, '…', :words) AS snippet, r.score, r.total
FROM ranked AS r
JOIN search_document AS d ON d.id = r.id
JOIN search_document_fts ON search_document_fts.rowid = r.id
WHERE search_document_fts MATCH :match
ORDER BY r.score DESC, d.id
"""
_SQLITE_COUNT = """
SELECT count(*) FROM search_document_fts JOIN search_document AS d ON d.id = search_document_fts.rowid
WHERE search_document_fts MATCH :match AND {where}
"""


async def search_sqlite(
    session: AsyncSession, query: SearchQuery, params: PageParams
) -> tuple[list[Found], int]:
    bind: dict[str, Any] = {"match": " ".join(f'"{term}"' for term in query.terms)}
    where = ["d.language IN (" + ", ".join(f":lang{i}" for i in range(len(query.languages))) + ")"]
    bind.update({f"lang{i}": language for i, language in enumerate(query.languages)})
    if query.country is not None:
        where.append("d.country = :country")
        bind["country"] = query.country
    if query.topic is not None:
        where.append(
            "EXISTS (SELECT 1 FROM article_topic AS t"
            " WHERE t.article_id = d.article_id AND t.topic_code = :topic)"
        )
        bind["topic"] = query.topic
    clause = " AND ".join(where)
    page = {"limit": params.limit, "offset": params.offset}
    rows = (
        await session.execute(
            text(_SQLITE_SEARCH.format(where=clause)),
            {**bind, **page, "start": START, "stop": STOP, "words": SNIPPET_WORDS},
        )
    ).all()
    if not rows:
        total = await session.scalar(text(_SQLITE_COUNT.format(where=clause)), bind) if params.offset else 0
        return [], int(total or 0)
    found = [Found(uuid.UUID(str(r[0])), r[1], r[2], r[3], r[4], highlight(r[5]), float(r[6])) for r in rows]
    return found, int(rows[0][7])


async def search(session: AsyncSession, query: SearchQuery, params: PageParams) -> tuple[list[Found], int]:
    """The page of matches and their total, with the database's own full-text engine."""
    run = search_postgres if _is_postgres(session) else search_sqlite
    return await run(session, query, params)
