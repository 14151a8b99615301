"""Seeker match profiles: what matching reads of a seeker, one row per occupation held (stored in
occupation order), filled from the existing profiles.

The index on job_seeker.discoverable alone goes: most seekers are discoverable, so it never
narrows a query, and without statistics SQLite chose it over the primary key for candidate
lookups. (discoverable, citizenship) counts a vacancy's candidates from the index alone, and
seeker_language's (language, level) finds the holders of a required language.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _backfill() -> None:
    """The rows for existing seekers, as imis_jobs.seekers.match_profile computes them (kept here
    as of this revision, so later model changes cannot alter what this migration does)."""
    seeker = sa.table(
        "job_seeker",
        sa.column("id"),
        sa.column("discoverable"),
        sa.column("citizenship"),
        sa.column("education_level"),
        sa.column("preferred_countries"),
    )
    occupation = sa.table(
        "seeker_occupation", sa.column("seeker_id"), sa.column("occupation_id"), sa.column("years")
    )
    skill = sa.table("seeker_skill", sa.column("seeker_id"), sa.column("skill_id"))
    language = sa.table("seeker_language", sa.column("seeker_id"), sa.column("language"), sa.column("level"))
    profile = sa.table(
        "seeker_match_profile",
        *(
            sa.column(name)
            for name in (
                "occupation_id",
                "seeker_id",
                "discoverable",
                "citizenship",
                "education_level",
                "preferred_countries",
                "occupations",
                "skills",
                "languages",
            )
        ),
    )

    def joined(table: sa.TableClause, value: sa.ColumnElement[str]) -> sa.ScalarSelect[str]:
        return (
            sa.select(sa.func.coalesce(sa.func.aggregate_strings(value, " "), ""))
            .where(table.c.seeker_id == seeker.c.id)
            .scalar_subquery()
        )

    row_for = occupation.alias("row_for")  # one row per occupation held; the lists are per seeker
    source = sa.select(
        sa.func.coalesce(row_for.c.occupation_id, ""),
        seeker.c.id,
        seeker.c.discoverable,
        seeker.c.citizenship,
        seeker.c.education_level,
        seeker.c.preferred_countries,
        joined(occupation, occupation.c.occupation_id + ":" + sa.cast(occupation.c.years, sa.String)),
        joined(skill, skill.c.skill_id),
        joined(language, language.c.language + ":" + language.c.level),
    ).select_from(seeker.outerjoin(row_for, row_for.c.seeker_id == seeker.c.id))
    op.execute(profile.insert().from_select([c.name for c in profile.columns], source))


def upgrade() -> None:
    op.create_table(
        "seeker_match_profile",
        sa.Column("occupation_id", sa.String(length=36), nullable=False),
        sa.Column("seeker_id", sa.Uuid(), nullable=False),
        sa.Column("discoverable", sa.Boolean(), nullable=False),
        sa.Column("citizenship", sa.String(length=2), nullable=False),
        sa.Column("education_level", sa.Integer(), nullable=True),
        sa.Column("preferred_countries", sa.JSON(), nullable=False),
        sa.Column("occupations", sa.Text(), nullable=False),
        sa.Column("skills", sa.Text(), nullable=False),
        sa.Column("languages", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["job_seeker.id"],
            name=op.f("fk_seeker_match_profile_seeker_id_job_seeker"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("occupation_id", "seeker_id", name=op.f("pk_seeker_match_profile")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("seeker_match_profile", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seeker_match_profile_seeker_id"), ["seeker_id"], unique=False)
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_seeker_discoverable"))
        batch_op.create_index(
            "ix_job_seeker_discoverable_citizenship", ["discoverable", "citizenship"], unique=False
        )
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seeker_language_language"))
        batch_op.create_index("ix_seeker_language_language_level", ["language", "level"], unique=False)
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.drop_index("ix_seeker_language_language_level")
        batch_op.create_index(batch_op.f("ix_seeker_language_language"), ["language"], unique=False)
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.drop_index("ix_job_seeker_discoverable_citizenship")
        batch_op.create_index(batch_op.f("ix_job_seeker_discoverable"), ["discoverable"], unique=False)
    op.drop_table("seeker_match_profile")
