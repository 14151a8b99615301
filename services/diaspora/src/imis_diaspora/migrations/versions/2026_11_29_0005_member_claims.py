"""Claims of imported member records by their people (append-only).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "member_claim",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_claim_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_claim")),
    )
    with op.batch_alter_table("member_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_claim_member_id"), ["member_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_claim_member_id"))
    op.drop_table("member_claim")
