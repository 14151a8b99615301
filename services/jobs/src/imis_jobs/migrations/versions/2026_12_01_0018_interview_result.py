"""The timeline records an interview's result with the step out of the interview

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("application_event") as batch:
        batch.add_column(sa.Column("interview_result", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("application_event") as batch:
        batch.drop_column("interview_result")
