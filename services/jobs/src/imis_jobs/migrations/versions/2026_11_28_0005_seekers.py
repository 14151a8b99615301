"""Job seekers: profiles with occupations, skills and languages; consent to be found.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "job_seeker",
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("citizenship", sa.String(length=2), nullable=False),
        sa.Column("residence_country", sa.String(length=2), nullable=False),
        sa.Column("residence_subdivision", sa.String(length=6), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("education_level", sa.Integer(), nullable=True),
        sa.Column("education_field", sa.String(length=200), nullable=True),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("preferred_countries", sa.JSON(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=True),
        sa.Column("discoverable", sa.Boolean(), nullable=False),
        sa.Column("consent_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_seeker")),
        sa.UniqueConstraint("user_id", name=op.f("uq_job_seeker_user_id")),
    )
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_seeker_citizenship"), ["citizenship"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_seeker_discoverable"), ["discoverable"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_job_seeker_residence_country"), ["residence_country"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_job_seeker_residence_subdivision"), ["residence_subdivision"], unique=False
        )

    op.create_table(
        "seeker_language",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_seeker_language_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seeker_id", "language", name=op.f("pk_seeker_language")),
    )
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seeker_language_language"), ["language"], unique=False)

    op.create_table(
        "seeker_skill",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("skill_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_seeker_skill_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["skill_id"], ["skill.id"], name=op.f("fk_seeker_skill_skill_id_skill")),
        sa.PrimaryKeyConstraint("seeker_id", "skill_id", name=op.f("pk_seeker_skill")),
    )
    with op.batch_alter_table("seeker_skill", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seeker_skill_skill_id"), ["skill_id"], unique=False)

    op.create_table(
        "seeker_occupation",
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("occupation_id", sa.String(length=36), nullable=False),
        sa.Column("years", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["occupation_id"], ["occupation.id"], name=op.f("fk_seeker_occupation_occupation_id_occupation")
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_seeker_occupation_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("seeker_id", "occupation_id", name=op.f("pk_seeker_occupation")),
    )
    with op.batch_alter_table("seeker_occupation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_seeker_occupation_occupation_id"), ["occupation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seeker_occupation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seeker_occupation_occupation_id"))

    op.drop_table("seeker_occupation")
    with op.batch_alter_table("seeker_skill", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seeker_skill_skill_id"))

    op.drop_table("seeker_skill")
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seeker_language_language"))

    op.drop_table("seeker_language")
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_seeker_residence_subdivision"))
        batch_op.drop_index(batch_op.f("ix_job_seeker_residence_country"))
        batch_op.drop_index(batch_op.f("ix_job_seeker_discoverable"))
        batch_op.drop_index(batch_op.f("ix_job_seeker_citizenship"))

    op.drop_table("job_seeker")
