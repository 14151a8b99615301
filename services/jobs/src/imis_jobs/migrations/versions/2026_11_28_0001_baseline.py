"""Baseline: the jobs database exists and is versioned; domain tables follow.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to create yet: this revision marks the schema as managed by Alembic."""


def downgrade() -> None:
    """Nothing to drop."""
