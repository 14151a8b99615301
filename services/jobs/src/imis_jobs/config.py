"""Settings of the jobs service (env prefix ``IMIS_JOBS_``)."""

from pydantic_settings import SettingsConfigDict

from imis_shared.settings import ServiceSettings


class JobsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_JOBS_", env_file=".env", extra="ignore")

    port: int = 8001
    database_url: str = "sqlite:///var/jobs.sqlite3"
