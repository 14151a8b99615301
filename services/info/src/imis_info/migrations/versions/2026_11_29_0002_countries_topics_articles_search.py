"""Countries, topics (seeded in four languages), articles with translations and revisions, and
the full-text search index: a weighted tsvector under GIN on PostgreSQL, FTS5 on SQLite.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TOPICS = [
    ("visas-entry", "Visas and entry", "Visas et entrée", "Visti e ingresso", "التأشيرات والدخول"),
    ("work-permits", "Work permits", "Permis de travail", "Permessi di lavoro", "تصاريح العمل"),
    (
        "employment-rights",
        "Employment rights",
        "Droits des travailleurs",
        "Diritti dei lavoratori",
        "حقوق العمال",
    ),
    ("social-security", "Social security", "Sécurité sociale", "Previdenza sociale", "الضمان الاجتماعي"),
    ("health", "Health", "Santé", "Salute", "الصحة"),
    ("housing", "Housing", "Logement", "Alloggio", "السكن"),
    (
        "education-children",
        "Education and children",
        "Éducation et enfants",
        "Istruzione e figli",
        "التعليم والأطفال",
    ),
    (
        "qualifications-recognition",
        "Recognition of qualifications",
        "Reconnaissance des qualifications",
        "Riconoscimento dei titoli di studio",
        "الاعتراف بالمؤهلات",
    ),
    (
        "remittances-banking",
        "Remittances and banking",
        "Transferts d'argent et services bancaires",
        "Rimesse e servizi bancari",
        "التحويلات المالية والخدمات المصرفية",
    ),
    (
        "pre-departure",
        "Pre-departure orientation",
        "Orientation avant le départ",
        "Orientamento pre-partenza",
        "التوجيه قبل السفر",
    ),
    (
        "living-working-conditions",
        "Living and working conditions",
        "Conditions de vie et de travail",
        "Condizioni di vita e di lavoro",
        "ظروف المعيشة والعمل",
    ),
    ("integration", "Integration", "Intégration", "Integrazione", "الاندماج"),
    (
        "return-reintegration",
        "Return and reintegration",
        "Retour et réintégration",
        "Ritorno e reintegrazione",
        "العودة وإعادة الإدماج",
    ),
    (
        "safe-migration",
        "Safe migration: irregular migration and trafficking risks",
        "Migration sûre : risques de la migration irrégulière et de la traite",
        "Migrazione sicura: rischi della migrazione irregolare e della tratta",
        "الهجرة الآمنة: مخاطر الهجرة غير النظامية والاتجار بالبشر",
    ),
]
LANGUAGES = ("en", "fr", "it", "ar")
# PostgreSQL: a partial GIN index over the weighted tsvector per language (searches name one). SQLite: an FTS5 index whose content is
# search_document (rowid = id), kept in step by triggers; unicode61 folds Latin accents and
# Porter stems English (other languages are only case- and accent-folded there).
FTS5 = [
    """CREATE VIRTUAL TABLE search_document_fts USING fts5(
        title, summary, body, content='search_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
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


def upgrade() -> None:
    op.create_table(
        "country",
        sa.Column("code", sa.String(length=2), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("emergency_numbers", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_country")),
    )
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_country_role"), ["role"], unique=False)

    topic = op.create_table(
        "topic",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("labels", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_topic")),
        info={"reference_data": True},
    )
    op.create_table(
        "article",
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["country"], ["country.code"], name=op.f("fk_article_country_country")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_country"), ["country"], unique=False)

    op.create_table(
        "article_occupation",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("isco_group", sa.String(length=4), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_article_occupation_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "isco_group", name=op.f("pk_article_occupation")),
    )
    with op.batch_alter_table("article_occupation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_occupation_isco_group"), ["isco_group"], unique=False)

    op.create_table(
        "article_topic",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("topic_code", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_article_topic_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_code"], ["topic.code"], name=op.f("fk_article_topic_topic_code_topic")
        ),
        sa.PrimaryKeyConstraint("article_id", "topic_code", name=op.f("pk_article_topic")),
    )
    with op.batch_alter_table("article_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_topic_topic_code"), ["topic_code"], unique=False)

    op.create_table(
        "article_translation",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reviewed_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_article_translation_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_translation")),
        sa.UniqueConstraint("article_id", "language", name=op.f("uq_article_translation_article_id")),
        sa.UniqueConstraint("language", "slug", name="uq_article_translation_language_slug"),
    )
    with op.batch_alter_table("article_translation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_translation_article_id"), ["article_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_article_translation_last_reviewed_date"), ["last_reviewed_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_article_translation_status"), ["status"], unique=False)

    op.create_table(
        "article_revision",
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("changed_fields", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("saved_by", sa.String(length=64), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["article_translation.id"],
            name=op.f("fk_article_revision_translation_id_article_translation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_revision")),
        sa.UniqueConstraint("translation_id", "number", name=op.f("uq_article_revision_translation_id")),
    )
    with op.batch_alter_table("article_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_revision_translation_id"), ["translation_id"], unique=False
        )

    op.create_table(
        "search_document",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("translation_id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("display_title", sa.String(length=200), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("document", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_search_document_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["article_translation.id"],
            name=op.f("fk_search_document_translation_id_article_translation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_document")),
        sa.UniqueConstraint("translation_id", name=op.f("uq_search_document_translation_id")),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_article_id"), ["article_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for language in LANGUAGES:
            op.execute(
                f"CREATE INDEX ix_search_document_document_{language} ON search_document "
                f"USING gin (document) WHERE language = '{language}'"
            )
    else:
        for statement in FTS5:
            op.execute(statement)
    op.bulk_insert(
        topic,
        [
            {"code": code, "labels": {"en": en, "fr": fr, "it": it, "ar": ar}, "position": 10 * (index + 1)}
            for index, (code, en, fr, it, ar) in enumerate(TOPICS)
        ],
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for language in LANGUAGES:
            op.execute(f"DROP INDEX ix_search_document_document_{language}")
    else:
        for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE search_document_fts")
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_document_article_id"))

    op.drop_table("search_document")
    with op.batch_alter_table("article_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_revision_translation_id"))

    op.drop_table("article_revision")
    with op.batch_alter_table("article_translation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_translation_status"))
        batch_op.drop_index(batch_op.f("ix_article_translation_last_reviewed_date"))
        batch_op.drop_index(batch_op.f("ix_article_translation_article_id"))

    op.drop_table("article_translation")
    with op.batch_alter_table("article_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_topic_topic_code"))

    op.drop_table("article_topic")
    with op.batch_alter_table("article_occupation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_occupation_isco_group"))

    op.drop_table("article_occupation")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_country"))

    op.drop_table("article")
    op.drop_table("topic")
    with op.batch_alter_table("country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_country_role"))

    op.drop_table("country")
