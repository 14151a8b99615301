"""A worker who returned may apply again: one application per seeker and vacancy until return;
the return records whether the worker kept the return obligation

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("status <> 'returned'")


def upgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_constraint("uq_application_vacancy_id", type_="unique")
        batch.add_column(sa.Column("returned_as_agreed", sa.Boolean(), nullable=True))
    op.create_index(
        "uq_application_vacancy_id_seeker_id_active",
        "application",
        ["vacancy_id", "seeker_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )


def downgrade() -> None:
    op.drop_index("uq_application_vacancy_id_seeker_id_active", table_name="application")
    with op.batch_alter_table("application") as batch:
        batch.drop_column("returned_as_agreed")
        batch.create_unique_constraint("uq_application_vacancy_id", ["vacancy_id", "seeker_id"])
