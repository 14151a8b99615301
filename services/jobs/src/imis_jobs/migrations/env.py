"""Alembic environment of the jobs service (async; URL from the caller or settings)."""

from alembic import context

import imis_jobs.applications.models
import imis_jobs.employers.models
import imis_jobs.handover.models
import imis_jobs.matching.models
import imis_jobs.orientation.models
import imis_jobs.programmes.models
import imis_jobs.reintegration.models
import imis_jobs.saved_searches.models
import imis_jobs.seekers.models
import imis_jobs.taxonomy.models
import imis_jobs.vacancies.models
import imis_jobs.verifications.models
import imis_jobs.welfare.models  # noqa: F401  (register the tables)
from imis_jobs.config import JobsSettings
from imis_jobs.models import Base
from imis_shared.migrations import run_migrations_from_env

if not context.config.get_main_option("sqlalchemy.url"):
    url = context.get_x_argument(as_dictionary=True).get("url") or JobsSettings().database_url
    context.config.set_main_option("sqlalchemy.url", url)

run_migrations_from_env(Base.metadata)
