"""Taxonomy: ISCO-08 groups, ESCO v1.1.1 occupations and skills, loaded from imis_shared.reference.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from imis_shared import reference

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def _insert(table: sa.Table, rows: list[dict[str, object]]) -> None:
    for start in range(0, len(rows), BATCH):
        op.bulk_insert(table, rows[start : start + BATCH])


def upgrade() -> None:
    isco = op.create_table(
        "isco_group",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_isco_group")),
    )
    occupation = op.create_table(
        "occupation",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("isco_code", sa.String(length=4), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["isco_code"], ["isco_group.code"], name=op.f("fk_occupation_isco_code_isco_group")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_occupation")),
    )
    op.create_index(op.f("ix_occupation_isco_code"), "occupation", ["isco_code"], unique=False)
    skill = op.create_table(
        "skill",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skill")),
    )
    # ESCO v1.1.1 as shipped in imis_shared/reference/data (a later ESCO version gets its own revision).
    _insert(isco, [{"code": g.code, "label": g.label, "level": g.level} for g in reference.isco_groups()])
    _insert(
        occupation,
        [{"id": o.id, "isco_code": o.isco_code, "label": o.label} for o in reference.occupations()],
    )
    _insert(skill, [{"id": s.id, "type": s.type, "label": s.label} for s in reference.skills()])


def downgrade() -> None:
    op.drop_table("skill")
    op.drop_index(op.f("ix_occupation_isco_code"), table_name="occupation")
    op.drop_table("occupation")
    op.drop_table("isco_group")
