"""Employers: organisations, members, verification history, invitations.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "employer",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("sector", sa.String(length=100), nullable=False),
        sa.Column("registration_number", sa.String(length=64), nullable=False),
        sa.Column("licence_number", sa.String(length=64), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=False),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer")),
    )
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_employer_status"), ["status"], unique=False)

    op.create_table(
        "employer_invitation",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_by", sa.String(length=64), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_employer_invitation_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_invitation")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_employer_invitation_code_hash")),
    )
    with op.batch_alter_table("employer_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_invitation_employer_id"), ["employer_id"], unique=False)

    op.create_table(
        "employer_member",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_employer_member_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("employer_id", "user_id", name=op.f("pk_employer_member")),
    )
    with op.batch_alter_table("employer_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employer_member_user_id"), ["user_id"], unique=False)

    op.create_table(
        "employer_status_change",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"],
            ["employer.id"],
            name=op.f("fk_employer_status_change_employer_id_employer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_status_change")),
    )
    with op.batch_alter_table("employer_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_status_change_employer_id"), ["employer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("employer_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_status_change_employer_id"))

    op.drop_table("employer_status_change")
    with op.batch_alter_table("employer_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_member_user_id"))

    op.drop_table("employer_member")
    with op.batch_alter_table("employer_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_invitation_employer_id"))

    op.drop_table("employer_invitation")
    with op.batch_alter_table("employer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employer_status"))
        batch_op.drop_index(batch_op.f("ix_employer_country"))

    op.drop_table("employer")
