"""Drop the two indexes that served the old count of candidates with a required language.

Revision 0011 counts them from seeker_match_language; (job_seeker.id, discoverable) and
seeker_language's (language, level, seeker_id) no longer serve any query, and every profile
write kept them up to date.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_job_seeker_id_discoverable", table_name="job_seeker")
    op.drop_index("ix_seeker_language_language_level_seeker", table_name="seeker_language")


def downgrade() -> None:
    op.create_index(
        "ix_seeker_language_language_level_seeker", "seeker_language", ["language", "level", "seeker_id"]
    )
    op.create_index("ix_job_seeker_id_discoverable", "job_seeker", ["id", "discoverable"])
