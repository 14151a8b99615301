"""The diaspora service app: ``create_app()`` and its lifespan."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from imis_diaspora import API_PREFIX, MIGRATIONS, SERVICE
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.events import EVENT_SETUP
from imis_diaspora.imports.router import router as imports_router
from imis_diaspora.members.router import router as members_router
from imis_diaspora.offers.router import router as offers_router
from imis_diaspora.organisations.router import router as organisations_router
from imis_diaspora.personal_data.router import router as personal_data_router
from imis_diaspora.pledges.router import router as pledges_router
from imis_diaspora.projects.router import router as projects_router
from imis_diaspora.reference import get_esco
from imis_diaspora.statistics.router import router as statistics_router
from imis_diaspora.suggestions.router import router as suggestions_router
from imis_shared.app import create_service_app
from imis_shared.http import MULTIPART_ALLOWANCE_BYTES
from imis_shared.settings import load_settings
from imis_shared.whoami import whoami_router


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    await asyncio.to_thread(get_esco)  # load ESCO before the first request, once per process
    yield


IMPORT_PATH = f"{API_PREFIX}/members/import"


def create_app(settings: DiasporaSettings | None = None) -> FastAPI:
    settings = settings or load_settings(DiasporaSettings)
    return create_service_app(
        name=SERVICE,
        title="IMIS Diaspora",
        version="0.1.0",
        description="Diaspora members, contribution offers, development projects, pledges and statistics.",
        settings=settings,
        routers=[
            whoami_router(SERVICE, API_PREFIX),
            imports_router,
            personal_data_router,
            members_router,
            offers_router,
            organisations_router,
            projects_router,
            pledges_router,
            suggestions_router,
            statistics_router,
        ],
        script_location=MIGRATIONS,
        lifespan=lifespan,
        # The import takes files up to import_max_bytes whatever max_body_bytes says.
        body_limits={IMPORT_PATH: settings.import_max_bytes + MULTIPART_ALLOWANCE_BYTES},
        events=EVENT_SETUP,
    )
