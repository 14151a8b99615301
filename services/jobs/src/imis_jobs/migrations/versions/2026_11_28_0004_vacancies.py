"""Vacancies (job orders) with skill and language requirements.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vacancy",
        sa.Column("employer_id", sa.Uuid(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("occupation_id", sa.String(length=36), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("destination_country", sa.String(length=2), nullable=False),
        sa.Column("destination_city", sa.String(length=100), nullable=False),
        sa.Column("positions", sa.Integer(), nullable=False),
        sa.Column("contract_type", sa.String(length=16), nullable=False),
        sa.Column("contract_months", sa.Integer(), nullable=True),
        sa.Column("salary_min", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("salary_max", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("salary_currency", sa.String(length=3), nullable=False),
        sa.Column("salary_period", sa.String(length=8), nullable=False),
        sa.Column("hours_per_week", sa.Integer(), nullable=False),
        sa.Column("employer_pays_travel", sa.Boolean(), nullable=False),
        sa.Column("employer_pays_accommodation", sa.Boolean(), nullable=False),
        sa.Column("employer_pays_visa", sa.Boolean(), nullable=False),
        sa.Column("worker_fee_amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("worker_fee_currency", sa.String(length=3), nullable=True),
        sa.Column("min_education_level", sa.Integer(), nullable=True),
        sa.Column("min_experience_years", sa.Integer(), nullable=False),
        sa.Column("application_deadline", sa.Date(), nullable=False),
        sa.Column("skills_from_esco", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employer.id"], name=op.f("fk_vacancy_employer_id_employer")
        ),
        sa.ForeignKeyConstraint(
            ["occupation_id"], ["occupation.id"], name=op.f("fk_vacancy_occupation_id_occupation")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vacancy")),
    )
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vacancy_destination_country"), ["destination_country"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vacancy_employer_id"), ["employer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_occupation_id"), ["occupation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_vacancy_status"), ["status"], unique=False)

    op.create_table(
        "vacancy_language",
        sa.Column("vacancy_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("min_level", sa.String(length=2), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_language_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vacancy_id", "language", name=op.f("pk_vacancy_language")),
    )
    with op.batch_alter_table("vacancy_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_language_language"), ["language"], unique=False)

    op.create_table(
        "vacancy_skill",
        sa.Column("vacancy_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.String(length=36), nullable=False),
        sa.Column("requirement", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["skill_id"], ["skill.id"], name=op.f("fk_vacancy_skill_skill_id_skill")),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancy.id"],
            name=op.f("fk_vacancy_skill_vacancy_id_vacancy"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("vacancy_id", "skill_id", name=op.f("pk_vacancy_skill")),
    )
    with op.batch_alter_table("vacancy_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vacancy_skill_skill_id"), ["skill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vacancy_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_skill_skill_id"))

    op.drop_table("vacancy_skill")
    with op.batch_alter_table("vacancy_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_language_language"))

    op.drop_table("vacancy_language")
    with op.batch_alter_table("vacancy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vacancy_status"))
        batch_op.drop_index(batch_op.f("ix_vacancy_published_at"))
        batch_op.drop_index(batch_op.f("ix_vacancy_occupation_id"))
        batch_op.drop_index(batch_op.f("ix_vacancy_employer_id"))
        batch_op.drop_index(batch_op.f("ix_vacancy_destination_country"))

    op.drop_table("vacancy")
