"""The migrations build exactly the models' schema (hand-written search objects aside) and undo it;
the search re-index (0004) rebuilds stored documents both ways."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import String, Uuid, column, insert, table, text
from sqlalchemy.ext.asyncio import AsyncSession

from imis_info import MIGRATIONS
from imis_info.articles.models import Article, Translation
from imis_info.articles.rendering import plain_text
from imis_info.search import service, views
from imis_shared.db import create_engine
from imis_shared.migrations import alembic_config, downgrade_to_base, upgrade_to_head
from imis_shared.pagination import PageParams
from imis_shared.text import normalise_arabic
from imis_testing import fresh_database_url


class TestMigrations:
    def test_models_and_migrations_agree_and_downgrade_cleanly(self, tmp_path: Path) -> None:
        url = fresh_database_url("info_migrations", tmp_path)
        upgrade_to_head(MIGRATIONS, url)
        command.check(alembic_config(MIGRATIONS, url))
        downgrade_to_base(MIGRATIONS, url)
        upgrade_to_head(MIGRATIONS, url)


ARABIC_TITLE = "العمل كممرض في إيطاليا"
ARABIC_BODY = "<p>يبحث المستشفى عن عمّال، والممرضات مرحّب بهنّ.</p>"


# search_document as revision 0003 left it (no display_summary or display_body yet).
OLD_DOCUMENT = table(
    "search_document",
    *(column(name, Uuid) for name in ("translation_id", "article_id")),
    *(column(name, String) for name in ("language", "slug", "display_title", "title", "summary", "body")),
)
OLD_TSVECTOR = " || ".join(
    f"setweight(to_tsvector('arabic', {name}), '{weight}')"
    for name, weight in (("title", "A"), ("summary", "B"), ("body", "C"))
)


async def _index_as_0003(url: str) -> uuid.UUID:
    """A published Arabic translation indexed as revision 0003 indexed it (folded text, no stems)."""
    article_id, translation_id = uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)
    written = {"created_by": "editor-1", "created_at": now, "updated_at": now}
    translation = {
        "id": translation_id,
        "article_id": article_id,
        "language": "ar",
        "slug": "mumarrid",
        "title": ARABIC_TITLE,
        "summary": "ملخص.",
        "body": "…",
        "body_html": ARABIC_BODY,
        "sources": [],
        "status": "published",
        "version": 1,
        "updated_by": "editor-1",
    }
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(Article.__table__).values(id=article_id, **written))
            await connection.execute(insert(Translation.__table__).values(**translation, **written))
            await connection.execute(
                insert(OLD_DOCUMENT).values(
                    translation_id=translation_id,
                    article_id=article_id,
                    language="ar",
                    slug="mumarrid",
                    display_title=ARABIC_TITLE,
                    title=normalise_arabic(ARABIC_TITLE),
                    summary=normalise_arabic("ملخص."),
                    body=normalise_arabic(plain_text(ARABIC_BODY)),
                )
            )
            if connection.dialect.name == "postgresql":
                await connection.execute(text(f"UPDATE search_document SET document = {OLD_TSVECTOR}"))  # noqa: S608
    finally:
        await engine.dispose()
    return article_id


async def _search(url: str, words: list[str]) -> list[tuple[uuid.UUID, str]]:
    engine = create_engine(url)
    try:
        async with AsyncSession(engine) as session:
            query = service.query_of(words, ["ar"], None, None)
            found, _ = await service.search(session, query, PageParams())
            return [(hit.article_id, views.hit(hit, query).snippet) for hit in found]
    finally:
        await engine.dispose()


async def _old_index_finds(url: str, word: str) -> bool:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                statement = (
                    "SELECT count(*) FROM search_document WHERE document @@ plainto_tsquery('arabic', :word)"
                )
            else:
                statement = "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH :word"
            return bool(await connection.scalar(text(statement), {"word": f'"{word}"'}))
    finally:
        await engine.dispose()


class TestSearchReindexMigration:
    def test_0004_reanalyses_stored_documents_and_downgrade_restores_them(self, tmp_path: Path) -> None:
        url = fresh_database_url("info_search_reindex", tmp_path)
        config = alembic_config(MIGRATIONS, url)
        command.upgrade(config, "0003")
        article_id = asyncio.run(_index_as_0003(url))
        assert asyncio.run(_search_before(url)) == 0  # the old index: no "ممرض" in "كممرض", "والممرضات"

        command.upgrade(config, "head")
        found = asyncio.run(_search(url, ["ممرض"]))
        assert [hit for hit, _ in found] == [article_id]
        # Re-indexed from the translation: the snippet is the text as written, the forms marked.
        assert "<mark>والممرضات</mark>" in found[0][1]
        assert "مرحّب" in found[0][1]

        command.downgrade(config, "0003")
        assert asyncio.run(_old_index_finds(url, "كممرض"))
        assert not asyncio.run(_old_index_finds(url, "ممرض"))
        upgrade_to_head(MIGRATIONS, url)
        assert [hit for hit, _ in asyncio.run(_search(url, ["كممرض"]))] == [article_id]


async def _search_before(url: str) -> int:
    return int(await _old_index_finds(url, "ممرض"))
