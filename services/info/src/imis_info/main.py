"""The info service app: ``create_app()`` and nothing else."""

from fastapi import FastAPI

from imis_info import API_PREFIX, MIGRATIONS, SERVICE
from imis_info.alerts.router import router as alerts_router
from imis_info.articles.router import router as articles_router
from imis_info.config import InfoSettings
from imis_info.editorial.router import router as editorial_router
from imis_info.offices.router import router as offices_router
from imis_info.profiles.router import router as profiles_router
from imis_info.remittances.router import router as remittances_router
from imis_info.search.router import router as search_router
from imis_info.topics.router import router as topics_router
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
        routers=[
            whoami_router(SERVICE, API_PREFIX),
            profiles_router,  # /countries: the list, a profile page, editors' upserts
            topics_router,
            editorial_router,
            articles_router,
            search_router,
            offices_router,
            alerts_router,
            remittances_router,
        ],
        script_location=MIGRATIONS,
    )
