"""The placements of workers who deleted their account, kept anonymised for the statistics

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erased_placement",
        sa.Column("vacancy_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vacancy_id"], ["vacancy.id"], name=op.f("fk_erased_placement_vacancy_id_vacancy")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erased_placement")),
    )
    with op.batch_alter_table("erased_placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_erased_placement_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("erased_placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_erased_placement_vacancy_id"))

    op.drop_table("erased_placement")
