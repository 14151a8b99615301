"""Keep the name an officer last verified, shown to the public while a new one awaits review.

Verified employers take their present name: changing it would have sent them back to review.
Suspended ones take it too; nothing of theirs is public until an officer reinstates them, which
records the name again. An employer already back in review has no reviewed name on record: its
vacancies stay closed until an officer verifies it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("employer") as batch:
        batch.add_column(sa.Column("verified_name", sa.String(200), nullable=True))
    op.execute("UPDATE employer SET verified_name = name WHERE status IN ('verified', 'suspended')")


def downgrade() -> None:
    with op.batch_alter_table("employer") as batch:
        batch.drop_column("verified_name")
