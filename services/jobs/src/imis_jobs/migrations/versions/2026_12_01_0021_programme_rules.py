"""Programme rules: seasons with their own period and quota, places reserved per citizenship, a
maximum stay with a return obligation; an application records the places it holds and its return date

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUOTA_WITHIN_BOUNDS = "quota_used >= 0 AND quota_used <= quota"


def upgrade() -> None:
    with op.batch_alter_table("programme") as batch:
        batch.add_column(sa.Column("max_stay_months", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("return_obligation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "programme_season",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("quota_used", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(QUOTA_WITHIN_BOUNDS, name=op.f("ck_programme_season_quota_within_bounds")),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programme.id"], name=op.f("fk_programme_season_programme_id_programme")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_season")),
        sa.UniqueConstraint("programme_id", "name", name=op.f("uq_programme_season_programme_id")),
    )
    op.create_table(
        "programme_citizenship_quota",
        sa.Column("programme_id", sa.Uuid(), nullable=False),
        sa.Column("citizenship", sa.String(2), nullable=False),
        sa.Column("quota", sa.Integer(), nullable=False),
        sa.Column("quota_used", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            QUOTA_WITHIN_BOUNDS, name=op.f("ck_programme_citizenship_quota_quota_within_bounds")
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_programme_citizenship_quota_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_citizenship_quota")),
        sa.UniqueConstraint(
            "programme_id", "citizenship", name=op.f("uq_programme_citizenship_quota_programme_id")
        ),
    )
    with op.batch_alter_table("vacancy") as batch:
        batch.add_column(sa.Column("season_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_vacancy_season_id_programme_season"), "programme_season", ["season_id"], ["id"]
        )
    with op.batch_alter_table("application") as batch:
        batch.add_column(sa.Column("season_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("citizenship_quota_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("return_due_on", sa.Date(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_application_season_id_programme_season"), "programme_season", ["season_id"], ["id"]
        )
        batch.create_foreign_key(
            batch.f("fk_application_citizenship_quota_id_programme_citizenship_quota"),
            "programme_citizenship_quota",
            ["citizenship_quota_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("application") as batch:
        batch.drop_constraint(
            batch.f("fk_application_citizenship_quota_id_programme_citizenship_quota"), type_="foreignkey"
        )
        batch.drop_constraint(batch.f("fk_application_season_id_programme_season"), type_="foreignkey")
        batch.drop_column("return_due_on")
        batch.drop_column("citizenship_quota_id")
        batch.drop_column("season_id")
    with op.batch_alter_table("vacancy") as batch:
        batch.drop_constraint(batch.f("fk_vacancy_season_id_programme_season"), type_="foreignkey")
        batch.drop_column("season_id")
    op.drop_table("programme_citizenship_quota")
    op.drop_table("programme_season")
    with op.batch_alter_table("programme") as batch:
        batch.drop_column("return_obligation")
        batch.drop_column("max_stay_months")
