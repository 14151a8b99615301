"""The info service app: ``create_app()`` and nothing else."""

from fastapi import FastAPI

from imis_info import API_PREFIX, MIGRATIONS, SERVICE
from imis_info.config import InfoSettings
from imis_shared.app import create_service_app
from imis_shared.settings import load_settings
from imis_shared.whoami import whoami_router


def create_app(settings: InfoSettings | None = None) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="IMIS Information",
        version="0.1.0",
        description=(
            "Destination-country information: articles, search, offices, alerts and remittance corridors."
        ),
        settings=settings or load_settings(InfoSettings),
        routers=[whoami_router(SERVICE, API_PREFIX)],
        script_location=MIGRATIONS,
    )
