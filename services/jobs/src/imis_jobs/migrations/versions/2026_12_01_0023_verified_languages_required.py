"""Vacancies and programmes may count required languages only at a verified level

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("vacancy", "programme"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "verified_languages_required", sa.Boolean(), nullable=False, server_default=sa.false()
                )
            )


def downgrade() -> None:
    for table in ("programme", "vacancy"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("verified_languages_required")
