"""The search index: one row per published translation, its text analysed for matching.

``title``, ``summary`` and ``body`` hold the analysed text (Snowball stems made in Python,
``search/analysis.py``); ``display_*`` the text as written, for results and snippets.
PostgreSQL keeps a weighted ``tsvector`` in ``document`` (title A, summary B, body C) built
from the analysed text with the ``simple`` configuration, under one partial GIN index per language.
SQLite keeps the same rows and an FTS5 table (``search_document_fts``, external content,
``unicode61``) that triggers keep in step; there ``document`` stays empty. Both are created by
migration 0002 and rebuilt by 0004.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from imis_info.models import Base

DOCUMENT_TYPE = Text().with_variant(TSVECTOR(), "postgresql")


class SearchDocument(Base):
    __tablename__ = "search_document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    translation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("article_translation.id", ondelete="CASCADE"), unique=True
    )
    article_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    # No B-tree indexes on language or country: PostgreSQL would pick them and test every
    # row's (large) tsvector; one partial GIN index per language serves the match instead.
    language: Mapped[str] = mapped_column(String(2))
    country: Mapped[str | None] = mapped_column(String(2))
    slug: Mapped[str] = mapped_column(String(120))
    display_title: Mapped[str] = mapped_column(String(200), doc="The title as written, for results.")
    display_summary: Mapped[str] = mapped_column(Text, doc="The summary as written, for snippets.")
    display_body: Mapped[str] = mapped_column(Text, doc="The body's plain text as written, for snippets.")
    title: Mapped[str] = mapped_column(Text, doc="Analysed (search/analysis.py), as indexed.")
    summary: Mapped[str] = mapped_column(Text, doc="Analysed, as indexed.")
    body: Mapped[str] = mapped_column(Text, doc="Analysed, as indexed.")
    document: Mapped[str | None] = mapped_column(DOCUMENT_TYPE)
