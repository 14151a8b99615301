"""Alembic environment of the info service (async; URL from the caller or settings)."""

from alembic import context

from imis_info.config import InfoSettings
from imis_info.models import Base
from imis_shared.migrations import run_migrations_from_env

if not context.config.get_main_option("sqlalchemy.url"):
    url = context.get_x_argument(as_dictionary=True).get("url") or InfoSettings().database_url
    context.config.set_main_option("sqlalchemy.url", url)

run_migrations_from_env(Base.metadata)
