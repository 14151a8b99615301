"""Employment abroad after departure, returns and reintegration plans

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _event_columns() -> list[sa.Column[object]]:
    """The timeline's columns for employment abroad (fresh objects each time: a column joins one table)."""
    return [
        sa.Column("arrived_on", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("contract_ends_on", sa.Date(), nullable=True),
        sa.Column("termination_reason", sa.String(32), nullable=True),
        sa.Column("change", sa.String(20), nullable=True),
        sa.Column("employer_id", sa.Uuid(), nullable=True),
        sa.Column("employer_name", sa.String(200), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("application_event") as batch:
        for column in _event_columns():
            batch.add_column(column)
        batch.create_foreign_key(
            op.f("fk_application_event_employer_id_employer"), "employer", ["employer_id"], ["id"]
        )
    op.create_table(
        "worker_return",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("application_id", sa.Uuid(), nullable=True),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("returned_from", sa.String(2), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("occupation_id", sa.String(36), nullable=True),
        sa.Column("qualifications_gained", sa.JSON(), nullable=False),
        sa.Column("savings_and_remittance_plans", sa.Text(), nullable=True),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("joins_returnee_pool", sa.Boolean(), nullable=False),
        sa.Column("pool_consent_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_as", sa.String(16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_worker_return_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_worker_return_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["occupation_id"], ["occupation.id"], name=op.f("fk_worker_return_occupation_id_occupation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_return")),
        sa.UniqueConstraint("application_id", name=op.f("uq_worker_return_application_id")),
    )
    op.create_index(op.f("ix_worker_return_seeker_id"), "worker_return", ["seeker_id"])
    op.create_index(op.f("ix_worker_return_returned_from"), "worker_return", ["returned_from"])
    op.create_index(op.f("ix_worker_return_occupation_id"), "worker_return", ["occupation_id"])
    op.create_index("ix_worker_return_pool", "worker_return", ["joins_returnee_pool", "returned_on"])
    op.create_table(
        "worker_return_skill",
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.String(36), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["worker_return.id"],
            name=op.f("fk_worker_return_skill_return_id_worker_return"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skill.id"], name=op.f("fk_worker_return_skill_skill_id_skill")
        ),
        sa.PrimaryKeyConstraint("return_id", "skill_id", name=op.f("pk_worker_return_skill")),
    )
    op.create_index(op.f("ix_worker_return_skill_skill_id"), "worker_return_skill", ["skill_id"])
    op.create_table(
        "reintegration_referral",
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("need", sa.String(20), nullable=False),
        sa.Column("provider_name", sa.String(200), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["worker_return.id"],
            name=op.f("fk_reintegration_referral_return_id_worker_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reintegration_referral")),
    )
    op.create_index(op.f("ix_reintegration_referral_return_id"), "reintegration_referral", ["return_id"])
    op.create_table(
        "reintegration_follow_up",
        sa.Column("return_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["worker_return.id"],
            name=op.f("fk_reintegration_follow_up_return_id_worker_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reintegration_follow_up")),
        sa.UniqueConstraint("return_id", "month", name=op.f("uq_reintegration_follow_up_return_id")),
    )
    op.create_index(
        "ix_reintegration_follow_up_pending", "reintegration_follow_up", ["recorded_on", "due_on"]
    )


def downgrade() -> None:
    op.drop_index("ix_reintegration_follow_up_pending", table_name="reintegration_follow_up")
    op.drop_table("reintegration_follow_up")
    op.drop_index(op.f("ix_reintegration_referral_return_id"), table_name="reintegration_referral")
    op.drop_table("reintegration_referral")
    op.drop_index(op.f("ix_worker_return_skill_skill_id"), table_name="worker_return_skill")
    op.drop_table("worker_return_skill")
    op.drop_index("ix_worker_return_pool", table_name="worker_return")
    op.drop_index(op.f("ix_worker_return_occupation_id"), table_name="worker_return")
    op.drop_index(op.f("ix_worker_return_returned_from"), table_name="worker_return")
    op.drop_index(op.f("ix_worker_return_seeker_id"), table_name="worker_return")
    op.drop_table("worker_return")
    with op.batch_alter_table("application_event") as batch:
        batch.drop_constraint(op.f("fk_application_event_employer_id_employer"), type_="foreignkey")
        for column in reversed(_event_columns()):
            batch.drop_column(column.name)
