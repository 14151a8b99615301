"""Settings of the info service (env prefix ``IMIS_INFO_``)."""

from pydantic_settings import SettingsConfigDict

from imis_shared.settings import ServiceSettings


class InfoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_INFO_", env_file=".env", extra="ignore")

    port: int = 8003
    database_url: str = "sqlite:///var/info.sqlite3"
