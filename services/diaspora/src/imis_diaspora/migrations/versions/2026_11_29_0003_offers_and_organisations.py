"""Contribution offers, and diaspora organisations with their members.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
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
        "organisation",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("focus", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_status"), ["status"], unique=False)

    op.create_table(
        "contribution_offer",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("sector", sa.String(length=30), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("available_until", sa.Date(), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=True),
        sa.Column("days", sa.Integer(), nullable=True),
        sa.Column("amount_min", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("amount_max", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_contribution_offer_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contribution_offer")),
    )
    with op.batch_alter_table("contribution_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contribution_offer_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_offer_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_contribution_offer_type"), ["type"], unique=False)

    op.create_table(
        "member_organisation",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_member_organisation_member_id_member"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_member_organisation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "organisation_id", name=op.f("pk_member_organisation")),
    )
    with op.batch_alter_table("member_organisation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_organisation_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("member_organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_organisation_organisation_id"))

    op.drop_table("member_organisation")
    with op.batch_alter_table("contribution_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contribution_offer_type"))
        batch_op.drop_index(batch_op.f("ix_contribution_offer_sector"))
        batch_op.drop_index(batch_op.f("ix_contribution_offer_member_id"))

    op.drop_table("contribution_offer")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_status"))
        batch_op.drop_index(batch_op.f("ix_organisation_name"))
        batch_op.drop_index(batch_op.f("ix_organisation_country"))

    op.drop_table("organisation")
