"""Alembic environment of the gateway (async; URL from the caller or settings)."""

from alembic import context

import imis_gateway.accounts.models
import imis_gateway.audit.models
import imis_gateway.clients.models
import imis_gateway.deletion.models
import imis_gateway.notifications.models
import imis_gateway.tokens.models
import imis_gateway.verification.models  # noqa: F401  (register the tables)
from imis_gateway.config import GatewaySettings
from imis_gateway.db import Base
from imis_shared.migrations import run_migrations_from_env

if not context.config.get_main_option("sqlalchemy.url"):
    url = context.get_x_argument(as_dictionary=True).get("url") or GatewaySettings().database_url
    context.config.set_main_option("sqlalchemy.url", url)

run_migrations_from_env(Base.metadata)
