"""Alembic environment of the diaspora service (async; URL from the caller or settings)."""

from alembic import context

import imis_diaspora.members.models
import imis_diaspora.offers.models
import imis_diaspora.organisations.models
import imis_diaspora.projects.models  # noqa: F401  (register the tables)
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.models import Base
from imis_shared.migrations import run_migrations_from_env

if not context.config.get_main_option("sqlalchemy.url"):
    url = context.get_x_argument(as_dictionary=True).get("url") or DiasporaSettings().database_url
    context.config.set_main_option("sqlalchemy.url", url)

run_migrations_from_env(Base.metadata)
