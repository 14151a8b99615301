"""Development projects with the skills they seek, and members' pledges to them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("subdivision", sa.String(length=6), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=False),
        sa.Column("occupation_id", sa.String(length=36), nullable=True),
        sa.Column("isco_code", sa.String(length=4), nullable=True),
        sa.Column("funding_target", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("funding_currency", sa.String(length=3), nullable=True),
        sa.Column("volunteer_days_sought", sa.Integer(), nullable=True),
        sa.Column("expertise_days_sought", sa.Integer(), nullable=True),
        sa.Column("terms_of_reference", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_subdivision"), ["subdivision"], unique=False)

    op.create_table(
        "pledge",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_pledge_member_id_member"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_pledge_project_id_project")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledge")),
    )
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_status"), ["status"], unique=False)

    op.create_table(
        "project_skill",
        sa.Column("project_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_skill_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project_id", "skill_id", name=op.f("pk_project_skill")),
    )
    with op.batch_alter_table("project_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_skill_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_skill_skill_id"))

    op.drop_table("project_skill")
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_project_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_member_id"))

    op.drop_table("pledge")
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_subdivision"))
        batch_op.drop_index(batch_op.f("ix_project_status"))
        batch_op.drop_index(batch_op.f("ix_project_sector"))

    op.drop_table("project")
