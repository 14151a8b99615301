"""The jobs service app: ``create_app()`` and nothing else."""

from fastapi import FastAPI

from imis_jobs import API_PREFIX, MIGRATIONS, SERVICE
from imis_jobs.config import JobsSettings
from imis_shared.app import create_service_app
from imis_shared.settings import load_settings
from imis_shared.whoami import whoami_router


def create_app(settings: JobsSettings | None = None) -> FastAPI:
    return create_service_app(
        name=SERVICE,
        title="IMIS Job Opportunities",
        version="0.1.0",
        description="Employers, vacancies, job seekers, matching and applications.",
        settings=settings or load_settings(JobsSettings),
        routers=[whoami_router(SERVICE, API_PREFIX)],
        script_location=MIGRATIONS,
    )
