"""Alembic environment of the info service (async; URL from the caller or settings)."""

from typing import Any

from alembic import context

import imis_info.alerts.models
import imis_info.articles.models
import imis_info.countries.models
import imis_info.offices.models
import imis_info.remittances.models
import imis_info.search.models
import imis_info.topics.models  # noqa: F401  (register the tables)
from imis_info.config import InfoSettings
from imis_info.models import Base
from imis_shared.migrations import run_migrations_from_env

# Full-text indexes are written by hand in migration 0002: SQLite's FTS5 table (and its shadow
# tables), PostgreSQL's partial GIN indexes over the tsvector.
FTS_TABLES = "search_document_fts"
GIN_INDEXES = "ix_search_document_document_"

if not context.config.get_main_option("sqlalchemy.url"):
    url = context.get_x_argument(as_dictionary=True).get("url") or InfoSettings().database_url
    context.config.set_main_option("sqlalchemy.url", url)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLES)
    return not (type_ == "index" and (name or "").startswith(GIN_INDEXES))


run_migrations_from_env(Base.metadata, include_object=include_object)
