"""Offices (with coordinates for the nearest-office search), alerts per country with validity,
and remittance quotes per corridor.

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
        "office",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("opening_hours", sa.Text(), nullable=True),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
    )
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_office_city"), ["city"], unique=False)
        batch_op.create_index(batch_op.f("ix_office_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_office_type"), ["type"], unique=False)

    op.create_table(
        "remittance_quote",
        sa.Column("from_country", sa.String(length=2), nullable=False),
        sa.Column("to_country", sa.String(length=2), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("send_currency", sa.String(length=3), nullable=False),
        sa.Column("receive_currency", sa.String(length=3), nullable=False),
        sa.Column("fee_fixed", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("fee_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("fx_margin_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("speed", sa.String(length=24), nullable=False),
        sa.Column("recorded_date", sa.Date(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittance_quote")),
        sa.UniqueConstraint(
            "from_country", "to_country", "provider", "channel", name=op.f("uq_remittance_quote_from_country")
        ),
    )
    with op.batch_alter_table("remittance_quote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remittance_quote_from_country"), ["from_country"], unique=False)
        batch_op.create_index(batch_op.f("ix_remittance_quote_to_country"), ["to_country"], unique=False)

    op.create_table(
        "alert",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["country"], ["country.code"], name=op.f("fk_alert_country_country")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_valid_from"), ["valid_from"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_valid_until"), ["valid_until"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_valid_until"))
        batch_op.drop_index(batch_op.f("ix_alert_valid_from"))
        batch_op.drop_index(batch_op.f("ix_alert_country"))

    op.drop_table("alert")
    with op.batch_alter_table("remittance_quote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remittance_quote_to_country"))
        batch_op.drop_index(batch_op.f("ix_remittance_quote_from_country"))

    op.drop_table("remittance_quote")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_office_type"))
        batch_op.drop_index(batch_op.f("ix_office_country"))
        batch_op.drop_index(batch_op.f("ix_office_city"))

    op.drop_table("office")
