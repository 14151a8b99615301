"""Settings of the diaspora service (env prefix ``IMIS_DIASPORA_``)."""

from pydantic_settings import SettingsConfigDict

from imis_shared.settings import ServiceSettings


class DiasporaSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_DIASPORA_", env_file=".env", extra="ignore")

    port: int = 8002
    database_url: str = "sqlite:///var/diaspora.sqlite3"
