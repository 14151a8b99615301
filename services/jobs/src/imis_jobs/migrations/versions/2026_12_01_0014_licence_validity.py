"""Licences carry their issuing authority and validity, for the public register of employers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employer") as batch:
        batch.add_column(sa.Column("licence_issuer", sa.String(200), nullable=True))
        batch.add_column(sa.Column("licence_valid_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("employer") as batch:
        batch.drop_column("licence_valid_until")
        batch.drop_column("licence_issuer")
