"""Assisted registration: an officer registers a walk-in seeker (a profile no user owns yet, with
who registered it) and the person claims it with a one-time code; wrong codes are counted per user

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_seeker") as batch:
        batch.alter_column("user_id", existing_type=sa.String(64), nullable=True)
        batch.add_column(sa.Column("registered_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claim_code_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claim_code_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint("uq_job_seeker_claim_code_hash", ["claim_code_hash"])
    op.create_table(
        "seeker_claim_failure",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seeker_claim_failure")),
    )
    op.create_index("ix_seeker_claim_failure_user_failed", "seeker_claim_failure", ["user_id", "failed_at"])


def downgrade() -> None:
    op.drop_index("ix_seeker_claim_failure_user_failed", table_name="seeker_claim_failure")
    op.drop_table("seeker_claim_failure")
    # Before 0020 every profile has a user: the profiles nobody claimed yet cannot stay.
    op.execute("DELETE FROM job_seeker WHERE user_id IS NULL")
    with op.batch_alter_table("job_seeker") as batch:
        batch.drop_constraint("uq_job_seeker_claim_code_hash", type_="unique")
        batch.drop_column("claim_code_expires_at")
        batch.drop_column("claim_code_hash")
        batch.drop_column("claimed_at")
        batch.drop_column("registered_by")
        batch.alter_column("user_id", existing_type=sa.String(64), nullable=False)
