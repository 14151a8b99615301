"""Members: the registry of nationals abroad, their skills and languages, consent and its history.

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
    op.create_table(
        "member",
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("citizenships", sa.JSON(), nullable=False),
        sa.Column("residence_country", sa.String(length=2), nullable=False),
        sa.Column("residence_city", sa.String(length=100), nullable=True),
        sa.Column("emigration_year", sa.Integer(), nullable=True),
        sa.Column("residence_status", sa.String(length=20), nullable=True),
        sa.Column("occupation_id", sa.String(length=36), nullable=True),
        sa.Column("isco_code", sa.String(length=4), nullable=True),
        sa.Column("sector", sa.String(length=30), nullable=True),
        sa.Column("education_level", sa.Integer(), nullable=True),
        sa.Column("education_field", sa.String(length=200), nullable=True),
        sa.Column("employer", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("preferred_contact", sa.String(length=10), nullable=True),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("directory_consent", sa.Boolean(), nullable=False),
        sa.Column("suggestion_consent", sa.Boolean(), nullable=False),
        sa.Column("statistics_consent", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("email", name=op.f("uq_member_email")),
        sa.UniqueConstraint("user_id", name=op.f("uq_member_user_id")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_directory_consent"), ["directory_consent"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_education_level"), ["education_level"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_full_name"), ["full_name"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_isco_code"), ["isco_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_occupation_id"), ["occupation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_residence_city"), ["residence_city"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_residence_country"), ["residence_country"], unique=False)
        batch_op.create_index(batch_op.f("ix_member_sector"), ["sector"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_member_statistics_consent"), ["statistics_consent"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_member_suggestion_consent"), ["suggestion_consent"], unique=False
        )

    op.create_table(
        "consent_event",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("text_version", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_consent_event_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_event")),
    )
    with op.batch_alter_table("consent_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_event_member_id"), ["member_id"], unique=False)

    op.create_table(
        "member_language",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_language_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "language", name=op.f("pk_member_language")),
    )
    with op.batch_alter_table("member_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_language_language"), ["language"], unique=False)

    op.create_table(
        "member_skill",
        sa.Column("member_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_skill_member_id_member"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("member_id", "skill_id", name=op.f("pk_member_skill")),
    )
    with op.batch_alter_table("member_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_skill_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_skill_skill_id"))

    op.drop_table("member_skill")
    with op.batch_alter_table("member_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_language_language"))

    op.drop_table("member_language")
    with op.batch_alter_table("consent_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_event_member_id"))

    op.drop_table("consent_event")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_suggestion_consent"))
        batch_op.drop_index(batch_op.f("ix_member_statistics_consent"))
        batch_op.drop_index(batch_op.f("ix_member_sector"))
        batch_op.drop_index(batch_op.f("ix_member_residence_country"))
        batch_op.drop_index(batch_op.f("ix_member_residence_city"))
        batch_op.drop_index(batch_op.f("ix_member_occupation_id"))
        batch_op.drop_index(batch_op.f("ix_member_isco_code"))
        batch_op.drop_index(batch_op.f("ix_member_full_name"))
        batch_op.drop_index(batch_op.f("ix_member_education_level"))
        batch_op.drop_index(batch_op.f("ix_member_directory_consent"))

    op.drop_table("member")
