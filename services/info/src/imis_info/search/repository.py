"""The search index's statements: keeping its rows in step, and the full-text queries.

The text is analysed in Python (``search/analysis.py``); the databases match its terms: PostgreSQL a
``tsvector`` built with the ``simple`` configuration, SQLite FTS5 (``unicode61``). Both rank (title
weighs most, then summary, then body), filter by country and topic, count all matches and return,
for the page's rows only, the text a snippet is cut from (``search/snippets.py``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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
from imis_info.search.analysis import QueryGroups
from imis_info.search.models import SearchDocument
from imis_shared.pagination import PageParams

# The analysed text is split into terms by the parser and only lower-cased: stemming is done.
TEXT_CONFIG = "simple"
_TERM = re.compile(r"[^\W_]+")  # what analysis makes; anything else never reaches a query string


def _is_postgres(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def text_config() -> ColumnElement[Any]:
    """The configuration as SQL text, so plans are made knowing it."""
    return literal_column(f"'{TEXT_CONFIG}'::regconfig")


def weighted_document(title: Any, summary: Any, body: Any) -> ColumnElement[str]:
    """title (weight A) || summary (B) || body (C), analysed texts parsed into a ``tsvector``."""
    config = text_config()

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
    groups: Mapping[str, QueryGroups]  # per language searched: a text needs one term of each group
    country: str | None = None
    topic: str | None = None

    _wanted: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wanted = {language: frozenset().union(*groups) for language, groups in self.groups.items()}
        object.__setattr__(self, "_wanted", wanted)  # once per query, not per row shown

    def wanted(self, language: str) -> frozenset[str]:
        """Every term the query looks for in ``language`` (for marking snippets)."""
        return self._wanted.get(language, frozenset())


@dataclass(frozen=True)
class Found:
    article_id: uuid.UUID
    language: str
    slug: str
    title: str
    country: str | None
    text: str  # the body's plain text as written, or the summary when the body is empty
    analysed: str  # that text analysed, word for word
    score: float


def _safe(group: frozenset[str]) -> list[str]:
    return sorted(term for term in group if _TERM.fullmatch(term))


def tsquery_text(groups: QueryGroups) -> str:
    """``(a | b) & c``: one of each group's terms."""
    return " & ".join("(" + " | ".join(_safe(group)) + ")" for group in groups if _safe(group))


def fts5_match(groups: QueryGroups) -> str:
    """``("a" OR "b") AND ("c")``: one of each group's terms, each a quoted string (no operators)."""
    return " AND ".join(
        "(" + " OR ".join(f'"{term}"' for term in _safe(group)) + ")" for group in groups if _safe(group)
    )


def _topic_filter(article_id: Any, topic: str) -> ColumnElement[bool]:
    return exists().where(ArticleTopic.article_id == article_id, ArticleTopic.topic_code == topic)


def _all_matches(branches: Sequence[Select[Any]]) -> Subquery:
    """The per-language branches as one set of matches (a single branch needs no UNION)."""
    return (branches[0] if len(branches) == 1 else union_all(*branches)).subquery()


def _found(article_id: uuid.UUID, row: Sequence[Any]) -> Found:
    """A result row: article, language, slug, title, country, text, analysed text, score (, total)."""
    return Found(article_id, row[1], row[2], row[3], row[4], row[5], row[6], float(row[7]))


def _snippet_source(doc: type[SearchDocument]) -> tuple[ColumnElement[str], ColumnElement[str]]:
    has_body = doc.body != ""
    return (
        case((has_body, doc.display_body), else_=doc.display_summary),
        case((has_body, doc.body), else_=doc.summary),
    )


async def search_postgres(
    session: AsyncSession, query: SearchQuery, params: PageParams
) -> tuple[list[Found], int]:
    """One ranked branch per language (its partial GIN index serves each), the total counted in the
    same pass; the snippet's text is read for the page's rows only."""
    doc = SearchDocument
    branches = []
    for language, groups in query.groups.items():
        tsquery = func.to_tsquery(text_config(), literal(tsquery_text(groups)))
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
    source, analysed = _snippet_source(doc)
    statement = (
        select(
            doc.article_id,
            doc.language,
            doc.slug,
            doc.display_title,
            doc.country,
            source,
            analysed,
            ranked.c.score,
            ranked.c.total,
        )
        .join(ranked, ranked.c.id == doc.id)
        .order_by(ranked.c.score.desc(), doc.id)
    )
    rows = (await session.execute(statement)).all()
    if not rows:
        return [], await _count_beyond_page(session, branches) if params.offset else 0
    return [_found(row[0], row) for row in rows], int(rows[0][8])


async def _count_beyond_page(session: AsyncSession, branches: Sequence[Select[Any]]) -> int:
    """The total when the page is past the last match (the window count saw no rows)."""
    matches = _all_matches(branches)
    return int(await session.scalar(select(func.count()).select_from(matches)) or 0)


# One MATCH per distinct match string (languages whose query reads the same share one: the FTS5
# table holds every language, so a MATCH per language would find and rank the same rows once for each
# language that asks for the same terms), ranked and counted in one pass; the snippet's text is read
# for the page's rows only.
_SQLITE_BRANCH = """SELECT rowid AS id, -bm25(search_document_fts, 10.0, 4.0, 1.0) AS score, {i} AS branch
    FROM search_document_fts WHERE search_document_fts MATCH :match{i}"""
_SQLITE_MATCHED = """
WITH matched AS MATERIALIZED (
    {branches}
), filtered AS (
    SELECT m.id AS id, m.score AS score
    FROM matched AS m JOIN search_document AS d ON d.id = m.id
    WHERE {where}
)"""
_SQLITE_SEARCH = """{matched}, ranked AS (
    SELECT id, score, count(*) OVER () AS total FROM filtered
    ORDER BY score DESC, id
    LIMIT :limit OFFSET :offset
)
SELECT d.article_id, d.language, d.slug, d.display_title, d.country,
       CASE WHEN d.body != '' THEN d.display_body ELSE d.display_summary END,
       CASE WHEN d.body != '' THEN d.body ELSE d.summary END, r.score, r.total
FROM ranked AS r
JOIN search_document AS d ON d.id = r.id
ORDER BY r.score DESC, d.id
"""
_SQLITE_COUNT = "{matched} SELECT count(*) FROM filtered"
_UNION = "\n    UNION ALL\n    "


def fts5_branches(groups: Mapping[str, QueryGroups]) -> dict[str, list[str]]:
    """The languages searched under each distinct FTS5 match string, in the order first named: a row
    is found by the branch of its own language only, so the rows and their scores are those of one
    branch per language."""
    branches: dict[str, list[str]] = {}
    for language, language_groups in groups.items():
        branches.setdefault(fts5_match(language_groups), []).append(language)
    return branches


async def search_sqlite(
    session: AsyncSession, query: SearchQuery, params: PageParams
) -> tuple[list[Found], int]:
    bind: dict[str, Any] = {}
    branches, in_branch = [], []
    for i, (match, languages) in enumerate(fts5_branches(query.groups).items()):
        branches.append(_SQLITE_BRANCH.format(i=i))
        bind[f"match{i}"] = match
        bind.update({f"lang{i}_{j}": language for j, language in enumerate(languages)})
        names = ", ".join(f":lang{i}_{j}" for j in range(len(languages)))
        in_branch.append(f"d.language IN ({names})")
    if len(branches) == 1:
        where = in_branch
    else:
        where = ["(" + " OR ".join(f"(m.branch = {i} AND {c})" for i, c in enumerate(in_branch)) + ")"]
    if query.country is not None:
        where.append("d.country = :country")
        bind["country"] = query.country
    if query.topic is not None:
        where.append(
            "EXISTS (SELECT 1 FROM article_topic AS t"
            " WHERE t.article_id = d.article_id AND t.topic_code = :topic)"
        )
        bind["topic"] = query.topic
    matched = _SQLITE_MATCHED.format(branches=_UNION.join(branches), where=" AND ".join(where))
    page = {"limit": params.limit, "offset": params.offset}
    rows = (await session.execute(text(_SQLITE_SEARCH.format(matched=matched)), {**bind, **page})).all()
    if not rows:
        total = (
            await session.scalar(text(_SQLITE_COUNT.format(matched=matched)), bind) if params.offset else 0
        )
        return [], int(total or 0)
    return [_found(uuid.UUID(str(row[0])), row) for row in rows], int(rows[0][8])


async def search(session: AsyncSession, query: SearchQuery, params: PageParams) -> tuple[list[Found], int]:
    """The page of matches and their total, with the database's own full-text engine."""
    if not query.groups:
        return [], 0
    run = search_postgres if _is_postgres(session) else search_sqlite
    return await run(session, query, params)
