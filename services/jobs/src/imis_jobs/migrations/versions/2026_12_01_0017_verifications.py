"""Verifications officers record on job seekers; programmes name the ones pre-screening needs

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verification",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("outcome", sa.String(8), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("officer_id", sa.String(64), nullable=False),
        sa.Column("evidence_reference", sa.String(200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("skill_id", sa.String(36), nullable=True),
        sa.Column("skill_level", sa.String(16), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(2), nullable=True),
        sa.Column("reading", sa.String(2), nullable=True),
        sa.Column("writing", sa.String(2), nullable=True),
        sa.Column("listening", sa.String(2), nullable=True),
        sa.Column("speaking", sa.String(2), nullable=True),
        sa.Column("isced_level", sa.Integer(), nullable=True),
        sa.Column("field_of_study", sa.String(200), nullable=True),
        sa.Column("institution", sa.String(200), nullable=True),
        sa.Column("issuing_country", sa.String(2), nullable=True),
        sa.Column("recognition", sa.String(24), nullable=True),
        sa.Column("recognition_country", sa.String(2), nullable=True),
        sa.Column("programme_id", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("revocation_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_verification_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skill.id"], name=op.f("fk_verification_skill_id_skill")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_verification_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification")),
    )
    op.create_index("ix_verification_seeker_kind", "verification", ["seeker_id", "kind"])
    with op.batch_alter_table("programme") as batch:
        batch.add_column(sa.Column("required_verifications", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("programme") as batch:
        batch.drop_column("required_verifications")
    op.drop_index("ix_verification_seeker_kind", table_name="verification")
    op.drop_table("verification")
