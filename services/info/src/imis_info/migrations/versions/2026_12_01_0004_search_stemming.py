"""Search: Snowball stems made in Python for both databases; every indexed text re-analysed.

``search_document`` gains the summary and body as written (snippets are cut from them) and its
``title``, ``summary`` and ``body`` now hold the analysed text (``imis_info.search.analysis``). Every
row is rebuilt from its translation: on PostgreSQL the ``tsvector`` with the ``simple`` configuration,
on SQLite the FTS5 table with ``unicode61`` (no Porter: the stems are made already). The downgrade
puts back the folded text, the language configurations and the Porter tokeniser.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("search_document_ai", "search_document_ad", "search_document_au")
FTS5_TABLE = """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title, summary, body, content='search_document', content_rowid='id',
        tokenize='{tokenizer}')"""
FTS5_TRIGGERS = [
    """CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_document_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_document_fts(search_document_fts, rowid, title, summary, body)
        VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO search_document_fts(rowid, title, summary, body)
        VALUES (new.id, new.title, new.summary, new.body);
    END""",
]
STEMMED_TOKENIZER = "unicode61 remove_diacritics 2"
PORTER_TOKENIZER = "porter unicode61 remove_diacritics 2"
OLD_CONFIGS = {"en": "english", "fr": "french", "it": "italian", "ar": "arabic"}
DOCUMENT = (
    "setweight(to_tsvector({config}, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector({config}, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector({config}, coalesce(body, '')), 'C')"
)

document = sa.table(
    "search_document",
    sa.column("id", sa.Integer),
    sa.column("display_title", sa.String),
    sa.column("display_summary", sa.Text),
    sa.column("display_body", sa.Text),
    sa.column("title", sa.Text),
    sa.column("summary", sa.Text),
    sa.column("body", sa.Text),
)


def _is_postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_fts5() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE search_document_fts")


def _create_fts5(tokenizer: str) -> None:
    op.execute(FTS5_TABLE.format(tokenizer=tokenizer))
    for statement in FTS5_TRIGGERS:
        op.execute(statement)
    op.execute("INSERT INTO search_document_fts(search_document_fts) VALUES ('rebuild')")


def _update(rows: list[dict[str, object]]) -> None:
    if rows:
        columns = {name: sa.bindparam(f"new_{name}") for name in rows[0] if name != "id"}
        statement = document.update().where(document.c.id == sa.bindparam("row_id")).values(**columns)
        op.get_bind().execute(
            statement,
            [{"row_id": row["id"], **{f"new_{k}": v for k, v in row.items() if k != "id"}} for row in rows],
        )


def upgrade() -> None:
    # The analyser of this release: re-indexing is what this revision is for.
    from imis_info.articles.rendering import plain_text
    from imis_info.search.index import analysed_text

    postgres = _is_postgres()
    if not postgres:
        _drop_fts5()
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("display_summary", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("display_body", sa.Text(), nullable=False, server_default=""))
    published = op.get_bind().execute(
        sa.text(
            "SELECT d.id, d.language, t.title, t.summary, t.body_html FROM search_document AS d "
            "JOIN article_translation AS t ON t.id = d.translation_id"
        )
    )
    _update(
        [
            {"id": row_id, **analysed_text(language, title, summary, plain_text(body_html))}
            for row_id, language, title, summary, body_html in published
        ]
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.alter_column("display_summary", server_default=None)
        batch_op.alter_column("display_body", server_default=None)
    if postgres:
        simple = DOCUMENT.format(config="'simple'::regconfig")
        op.execute(f"UPDATE search_document SET document = {simple}")  # noqa: S608 (constant)
    else:
        _create_fts5(STEMMED_TOKENIZER)


def downgrade() -> None:
    from imis_shared.text import normalise_arabic  # the folding revision 0002 indexed

    postgres = _is_postgres()
    if not postgres:
        _drop_fts5()
    rows = op.get_bind().execute(
        sa.select(
            document.c.id, document.c.display_title, document.c.display_summary, document.c.display_body
        )
    )
    _update(
        [
            {
                "id": row_id,
                "title": normalise_arabic(title),
                "summary": normalise_arabic(summary),
                "body": normalise_arabic(body),
            }
            for row_id, title, summary, body in rows
        ]
    )
    if postgres:
        config = "CASE language " + " ".join(
            f"WHEN '{code}' THEN '{name}'::regconfig" for code, name in OLD_CONFIGS.items()
        )
        by_language = DOCUMENT.format(config=config + " END")
        op.execute(f"UPDATE search_document SET document = {by_language}")  # noqa: S608 (constant)
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_column("display_body")
        batch_op.drop_column("display_summary")
    if not postgres:
        _create_fts5(PORTER_TOKENIZER)
