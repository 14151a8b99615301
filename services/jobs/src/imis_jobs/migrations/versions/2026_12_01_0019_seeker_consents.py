"""Seekers' consents as a history: given or withdrawn, for which purpose and programme, in which
words, by whom

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seeker_consent",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(20), nullable=False),
        sa.Column("programme_id", sa.Uuid(), nullable=True),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("text_version", sa.String(64), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_seeker_consent_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_seeker_consent_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seeker_consent")),
    )
    op.create_index(
        "ix_seeker_consent_seeker_purpose", "seeker_consent", ["seeker_id", "purpose", "programme_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_seeker_consent_seeker_purpose", table_name="seeker_consent")
    op.drop_table("seeker_consent")
