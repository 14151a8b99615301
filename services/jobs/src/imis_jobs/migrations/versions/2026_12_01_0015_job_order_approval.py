"""Job orders carry the ministry's approval decision, for when its policy requires one

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("vacancy") as batch:
        batch.add_column(sa.Column("approved_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("approval_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vacancy") as batch:
        batch.drop_column("approval_note")
        batch.drop_column("approved_at")
        batch.drop_column("approved_by")
