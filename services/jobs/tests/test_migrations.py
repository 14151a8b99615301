"""The migrations build exactly the models' schema and undo it."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from imis_jobs import MIGRATIONS
from imis_shared.migrations import alembic_config, downgrade_to_base, upgrade_to_head
from imis_testing import fresh_database_url


class TestMigrations:
    def test_models_and_migrations_agree_and_downgrade_cleanly(self, tmp_path: Path) -> None:
        url = fresh_database_url("jobs_migrations", tmp_path)
        upgrade_to_head(MIGRATIONS, url)
        command.check(alembic_config(MIGRATIONS, url))
        downgrade_to_base(MIGRATIONS, url)
        upgrade_to_head(MIGRATIONS, url)
