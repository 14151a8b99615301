"""Staff accounts: a password an admin set must be changed; set-password links beside verification links

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("password_change_required", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("email_verification_token", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("purpose", sa.String(length=16), server_default="verify_email", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("email_verification_token", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.drop_column("password_change_required")
