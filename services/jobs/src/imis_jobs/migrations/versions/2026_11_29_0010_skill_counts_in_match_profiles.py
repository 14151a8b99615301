"""Skill counts in match profiles: how many skills each seeker holds, indexed.

The largest count bounds what any seeker not read yet can score for skills, so the ranking can
stop after the closest occupations instead of reading their whole ISCO unit group. Existing rows
are counted from seeker_skill; new ones get the count from imis_jobs.seekers.match_profile.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The default fills existing rows so the column can be NOT NULL; the UPDATE then counts.
    op.add_column(
        "seeker_match_profile", sa.Column("skill_count", sa.Integer(), nullable=False, server_default="0")
    )
    profile = sa.table("seeker_match_profile", sa.column("seeker_id"), sa.column("skill_count"))
    skill = sa.table("seeker_skill", sa.column("seeker_id"))
    held = sa.select(sa.func.count()).select_from(skill).where(skill.c.seeker_id == profile.c.seeker_id)
    op.execute(profile.update().values(skill_count=held.scalar_subquery()))
    op.create_index(
        op.f("ix_seeker_match_profile_skill_count"), "seeker_match_profile", ["skill_count"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_seeker_match_profile_skill_count"), table_name="seeker_match_profile")
    # Plain ALTER (SQLite 3.35+): a batch copy of the table would not keep it WITHOUT ROWID.
    op.execute("ALTER TABLE seeker_match_profile DROP COLUMN skill_count")
