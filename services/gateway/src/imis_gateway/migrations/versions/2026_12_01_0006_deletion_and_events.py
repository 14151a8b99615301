"""Deletion requests with a step per service, and the event outbox and inbox (imis_shared.events)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from imis_shared.events import create_event_tables, drop_event_tables

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables()
    op.create_table(
        "deletion_request",
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=16), nullable=False),
        sa.Column("admin_id", sa.Uuid(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deletion_request")),
    )
    op.create_index(op.f("ix_deletion_request_account_id"), "deletion_request", ["account_id"])
    op.create_table(
        "deletion_step",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["deletion_request.id"],
            name=op.f("fk_deletion_step_request_id_deletion_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "service", name=op.f("pk_deletion_step")),
    )


def downgrade() -> None:
    op.drop_table("deletion_step")
    op.drop_index(op.f("ix_deletion_request_account_id"), table_name="deletion_request")
    op.drop_table("deletion_request")
    drop_event_tables()
