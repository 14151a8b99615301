"""Welfare cases and complaints

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "welfare_case",
        sa.Column("origin", sa.String(12), nullable=False),
        sa.Column("reporter_id", sa.String(64), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("channel", sa.String(12), nullable=True),
        sa.Column("seeker_id", sa.Uuid(), nullable=True),
        sa.Column("worker_name", sa.String(200), nullable=True),
        sa.Column("reporter_relationship", sa.String(100), nullable=True),
        sa.Column("worker_contact", sa.String(200), nullable=True),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("employer_id", sa.Uuid(), nullable=True),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(12), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("first_response_due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assigned_to", sa.String(64), nullable=True),
        sa.Column("identity_shared_with_employer", sa.Boolean(), nullable=False),
        sa.Column("referral_target", sa.String(16), nullable=True),
        sa.Column("referral_note", sa.Text(), nullable=True),
        sa.Column("substantiated", sa.Boolean(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("employer_suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("employer_suspended_by", sa.String(64), nullable=True),
        sa.Column("employer_suspension_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_welfare_case_seeker_id_job_seeker"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_welfare_case_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_welfare_case_application_id_application"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welfare_case")),
    )
    op.create_index(op.f("ix_welfare_case_reporter_id"), "welfare_case", ["reporter_id"])
    op.create_index(op.f("ix_welfare_case_seeker_id"), "welfare_case", ["seeker_id"])
    op.create_index(op.f("ix_welfare_case_employer_id"), "welfare_case", ["employer_id"])
    op.create_index(op.f("ix_welfare_case_status"), "welfare_case", ["status"])
    op.create_index(op.f("ix_welfare_case_assigned_to"), "welfare_case", ["assigned_to"])
    op.create_table(
        "welfare_case_entry",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("visibility", sa.String(8), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["welfare_case.id"],
            name=op.f("fk_welfare_case_entry_case_id_welfare_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_welfare_case_entry")),
    )
    op.create_index(op.f("ix_welfare_case_entry_case_id"), "welfare_case_entry", ["case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_welfare_case_entry_case_id"), table_name="welfare_case_entry")
    op.drop_table("welfare_case_entry")
    for column in ("assigned_to", "status", "employer_id", "seeker_id", "reporter_id"):
        op.drop_index(op.f(f"ix_welfare_case_{column}"), table_name="welfare_case")
    op.drop_table("welfare_case")
