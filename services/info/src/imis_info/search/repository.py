"""Full-text queries: PostgreSQL ``tsvector`` with per-language configurations, or SQLite FTS5.

Both rank (title weighs most, then summary, then body), filter by country and topic, count
all matches and cut a snippet around the matched words for the page only.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, cast, exists, func, literal, or_, select, text
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from imis_info.articles.models import ArticleTopic
from imis_info.search.index import TEXT_CONFIGS
from imis_info.search.models import SearchDocument
from imis_shared.pagination import PageParams

START, STOP = "\x02", "\x03"  # marks around matches, replaced by <mark> after escaping
SNIPPET_WORDS = 24


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


async def search_postgres(
    session: AsyncSession,
    terms: Sequence[str],
    languages: Sequence[str],
    country: str | None,
    topic: str | None,
    params: PageParams,
) -> tuple[list[Found], int]:
    text_query = " ".join(terms)
    doc = SearchDocument

    def tsquery(language: str) -> ColumnElement[Any]:
        return func.plainto_tsquery(cast(literal(TEXT_CONFIGS[language]), REGCONFIG), text_query)

    row_query = case(*((doc.language == language, tsquery(language)) for language in languages))
    conditions: list[ColumnElement[bool]] = [
        or_(
            *(
                and_(doc.language == language, doc.document.op("@@")(tsquery(language)))
                for language in languages
            )
        )
    ]
    if country is not None:
        conditions.append(doc.country == country)
    if topic is not None:
        conditions.append(_topic_filter(doc.article_id, topic))
    total = await session.scalar(select(func.count()).select_from(doc).where(*conditions))
    score = func.ts_rank_cd(doc.document, row_query).label("score")
    ranked = (
        select(doc.id, score)
        .where(*conditions)
        .order_by(score.desc(), doc.id)
        .limit(params.limit)
        .offset(params.offset)
        .subquery()
    )
    row_config = case(
        *(
            (doc.language == language, cast(literal(TEXT_CONFIGS[language]), REGCONFIG))
            for language in languages
        )
    )
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=8, MaxFragments=2"
    snippet = func.ts_headline(
        row_config, func.coalesce(func.nullif(doc.body, ""), doc.summary), row_query, options
    )
    statement = (
        select(
            doc.article_id, doc.language, doc.slug, doc.display_title, doc.country, snippet, ranked.c.score
        )
        .join(ranked, ranked.c.id == doc.id)
        .order_by(ranked.c.score.desc(), doc.id)
    )
    rows = (await session.execute(statement)).all()
    return [Found(r[0], r[1], r[2], r[3], r[4], highlight(r[5]), float(r[6])) for r in rows], int(total or 0)


_SQLITE_SEARCH = """
SELECT d.article_id, d.language, d.slug, d.display_title, d.country,
       snippet(search_document_fts, -1, :start, :stop, '…', :words) AS snippet,
       -bm25(search_document_fts, 10.0, 4.0, 1.0) AS score
FROM search_document_fts JOIN search_document AS d ON d.id = search_document_fts.rowid
WHERE {where}
ORDER BY score DESC, d.id
LIMIT :limit OFFSET :offset
"""
_SQLITE_COUNT = """
SELECT count(*) FROM search_document_fts JOIN search_document AS d ON d.id = search_document_fts.rowid
WHERE {where}
"""


async def search_sqlite(
    session: AsyncSession,
    terms: Sequence[str],
    languages: Sequence[str],
    country: str | None,
    topic: str | None,
    params: PageParams,
) -> tuple[list[Found], int]:
    bind: dict[str, Any] = {"match": " ".join(f'"{term}"' for term in terms)}
    where = ["search_document_fts MATCH :match"]
    where.append("d.language IN (" + ", ".join(f":lang{i}" for i in range(len(languages))) + ")")
    bind.update({f"lang{i}": language for i, language in enumerate(languages)})
    if country is not None:
        where.append("d.country = :country")
        bind["country"] = country
    if topic is not None:
        where.append(
            "EXISTS (SELECT 1 FROM article_topic AS t"
            " WHERE t.article_id = d.article_id AND t.topic_code = :topic)"
        )
        bind["topic"] = topic
    clause = " AND ".join(where)
    total = await session.scalar(text(_SQLITE_COUNT.format(where=clause)), bind)
    rows = (
        await session.execute(
            text(_SQLITE_SEARCH.format(where=clause)),
            {
                **bind,
                "start": START,
                "stop": STOP,
                "words": SNIPPET_WORDS,
                "limit": params.limit,
                "offset": params.offset,
            },
        )
    ).all()
    found = [Found(uuid.UUID(str(r[0])), r[1], r[2], r[3], r[4], highlight(r[5]), float(r[6])) for r in rows]
    return found, int(total or 0)
