"""Bilateral programmes with quotas; vacancies may belong to one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programme",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("origin_country", sa.String(length=2), nullable=False),
        sa.Column("eligible_citizenships", sa.JSON(), nullable=False),
        sa.Column("isco_groups", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("quota_used", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "quota_used >= 0 AND quota_used <= quota", name=op.f("ck_programme_quota_within_bounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
    )
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.add_column(sa.Column("programme_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_vacancy_programme_id"), ["programme_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_vacancy_programme_id_programme"), "programme", ["programme_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_vacancy_programme_id_programme"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_vacancy_programme_id"))
        batch_op.drop_column("programme_id")

    op.drop_table("programme")
