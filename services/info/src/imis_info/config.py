"""Settings of the info service (env prefix ``IMIS_INFO_``)."""

from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from imis_shared.settings import ServiceSettings


class InfoSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_INFO_", env_file=".env", extra="ignore")

    port: int = 8003
    database_url: str = "sqlite:///var/info.sqlite3"
    default_language: Literal["en", "fr", "it", "ar"] = Field(
        default="en", description="Language served when the requested one is not available."
    )
    review_after_days: int = Field(
        default=365, ge=1, le=3650, description="Published translations not reviewed for this long are due."
    )
    public_cache_seconds: int = Field(
        default=300, ge=0, le=86400, description="max-age of public GET responses (Cache-Control)."
    )
