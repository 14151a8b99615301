"""The jobs service app: ``create_app()`` and its lifespan."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from imis_jobs import API_PREFIX, MIGRATIONS, SERVICE, departure_checks, seeker_changes
from imis_jobs.applications.employment_router import router as employment_router
from imis_jobs.applications.profile_router import router as seeker_profile_router
from imis_jobs.applications.router import router as applications_router
from imis_jobs.config import JobsSettings
from imis_jobs.employers.register_router import router as register_router
from imis_jobs.employers.router import router as employers_router
from imis_jobs.events import EVENT_SETUP
from imis_jobs.exports.router import router as exports_router
from imis_jobs.handover.router import router as handover_router
from imis_jobs.matching import repository as matching_repository
from imis_jobs.matching.router import router as matching_router
from imis_jobs.orientation import service as orientation_service
from imis_jobs.orientation.router import router as orientation_router
from imis_jobs.programmes.router import router as programmes_router
from imis_jobs.reintegration.router import router as reintegration_router
from imis_jobs.saved_searches.router import router as saved_searches_router
from imis_jobs.seekers.router import router as seekers_router
from imis_jobs.statistics.router import router as statistics_router
from imis_jobs.taxonomy.router import router as taxonomy_router
from imis_jobs.taxonomy.service import get_taxonomy
from imis_jobs.vacancies.router import router as vacancies_router
from imis_jobs.verifications.router import router as verifications_router
from imis_jobs.welfare.router import router as welfare_router
from imis_shared import reference
from imis_shared.app import create_service_app
from imis_shared.reference import LABEL_LANGUAGES
from imis_shared.settings import load_settings
from imis_shared.whoami import whoami_router


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Build the taxonomy and its search indexes, in every language, before the first request
    # (seconds, once per process), so no searcher waits for an index; unless told to leave each
    # index to the first search that needs it.
    settings: JobsSettings = app.state.settings

    def warm() -> None:
        taxonomy = get_taxonomy()
        if settings.search_indexes != "before_serving":
            return
        _ = taxonomy.occupation_index, taxonomy.skill_index
        for language in LABEL_LANGUAGES[1:]:
            taxonomy.occupation_index_in(language)
            taxonomy.group_index_in(language)
            if reference.labels(language).skills:
                taxonomy.skill_index_in(language)

    await asyncio.to_thread(warm)
    yield


def create_app(settings: JobsSettings | None = None) -> FastAPI:
    # Matching's read model follows every profile write, in the write's transaction.
    seeker_changes.subscribe(matching_repository.refresh_profile)
    # A departure needs what orientation holds; orientation reads the applications, so it answers.
    departure_checks.subscribe(orientation_service.check_departure)
    return create_service_app(
        name=SERVICE,
        title="IMIS Job Opportunities",
        version="0.1.0",
        description="Employers, vacancies, job seekers, matching and applications.",
        settings=settings or load_settings(JobsSettings),
        routers=[
            whoami_router(SERVICE, API_PREFIX),
            taxonomy_router,
            employers_router,
            register_router,
            vacancies_router,
            matching_router,
            applications_router,
            employment_router,
            exports_router,
            programmes_router,
            verifications_router,
            orientation_router,
            handover_router,
            statistics_router,
            reintegration_router,
            welfare_router,
            saved_searches_router,
            seekers_router,
            seeker_profile_router,  # GET /seekers/{seeker_id}, after the seekers' own routes
        ],
        script_location=MIGRATIONS,
        lifespan=lifespan,
        events=EVENT_SETUP,
    )
