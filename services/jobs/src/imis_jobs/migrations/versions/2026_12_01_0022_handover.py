"""Partners bound to programmes, and the audit of hand-overs to them

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programme_partner",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("bound_by", sa.String(64), nullable=False),
        sa.Column("bound_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_partner_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_partner")),
        sa.UniqueConstraint("programme_id", "client_id", name=op.f("uq_programme_partner_programme_id")),
    )
    op.create_index(op.f("ix_programme_partner_programme_id"), "programme_partner", ["programme_id"])
    op.create_index(op.f("ix_programme_partner_client_id"), "programme_partner", ["client_id"])
    op.create_table(
        "handover",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("recipient", sa.String(64), nullable=False),
        sa.Column("recipient_name", sa.String(200), nullable=False),
        sa.Column("recipient_country", sa.String(2), nullable=True),
        sa.Column("format", sa.String(12), nullable=False),
        sa.Column("fields", sa.String(300), nullable=False),
        sa.Column("handed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_handover_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
    )
    op.create_index(op.f("ix_handover_programme_id"), "handover", ["programme_id"])
    op.create_table(
        "handover_seeker",
        sa.Column("handover_id", sa.Uuid(), nullable=False),
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["handover_id"],
            ["handover.id"],
            name=op.f("fk_handover_seeker_handover_id_handover"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_handover_seeker_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("handover_id", "seeker_id", name=op.f("pk_handover_seeker")),
    )
    op.create_index(op.f("ix_handover_seeker_seeker_id"), "handover_seeker", ["seeker_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_handover_seeker_seeker_id"), table_name="handover_seeker")
    op.drop_table("handover_seeker")
    op.drop_index(op.f("ix_handover_programme_id"), table_name="handover")
    op.drop_table("handover")
    op.drop_index(op.f("ix_programme_partner_client_id"), table_name="programme_partner")
    op.drop_index(op.f("ix_programme_partner_programme_id"), table_name="programme_partner")
    op.drop_table("programme_partner")
