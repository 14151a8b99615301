"""Email verification: accounts' email_verified_at and single-use verification tokens

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sa.DateTime(timezone=True), nullable=True))

    op.create_table(
        "email_verification_token",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_email_verification_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_verification_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_email_verification_token_token_hash")),
    )
    with op.batch_alter_table("email_verification_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_verification_token_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("email_verification_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_verification_token_user_id"))
    op.drop_table("email_verification_token")

    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
