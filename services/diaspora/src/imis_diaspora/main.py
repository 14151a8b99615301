"""The diaspora service app: ``create_app()`` and nothing else."""

from fastapi import FastAPI

from imis_diaspora import API_PREFIX, MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_shared.app import create_service_app
from imis_shared.settings import load_settings
from imis_shared.whoami import whoami_router


def create_app(settings: DiasporaSettings | None = None) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="IMIS Diaspora",
        version="0.1.0",
        description="Diaspora members, contribution offers, development projects, pledges and statistics.",
        settings=settings or load_settings(DiasporaSettings),
        routers=[whoami_router(SERVICE, API_PREFIX)],
        script_location=MIGRATIONS,
    )
