"""Settings of the diaspora service (env prefix ``IMIS_DIASPORA_``)."""

from typing import Annotated

from fastapi import Depends, Request
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from imis_shared.settings import ServiceSettings
from imis_shared.validators import CountryCode


class DiasporaSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_DIASPORA_", env_file=".env", extra="ignore")

    port: int = 8002
    database_url: str = "sqlite:///var/diaspora.sqlite3"
    origin_country: CountryCode = Field(
        default="EG", description="The country of origin: development projects lie in its subdivisions."
    )
    import_max_bytes: int = Field(
        default=1_048_576,
        ge=1024,
        description="Largest member CSV accepted; the import route's body limit follows it "
        "(max_body_bytes applies to every other route).",
    )
    statistics_min_cell: int = Field(
        default=5, ge=2, le=100, description="Statistics cells counting fewer members are suppressed."
    )


async def get_settings(request: Request) -> DiasporaSettings:
    settings: DiasporaSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[DiasporaSettings, Depends(get_settings)]
