"""Settings base for every IMIS service.

Each service subclasses :class:`ServiceSettings` with its own env prefix
(``IMIS_JOBS_`` ...). Defaults run locally with no setup; :func:`load_settings`
fails fast with a readable message instead of a pydantic traceback.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(Exception):
    """Configuration is invalid; the message is meant for an operator."""


class ServiceSettings(BaseSettings):
    """Settings every service has. Subclasses set ``env_prefix``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = "sqlite:///var/service.sqlite3"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] | None = Field(
        default=None, description="Defaults to text in development, JSON elsewhere."
    )
    workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes of `serve`.")
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    cors_origins: list[str] = Field(default_factory=list)

    # Token verification (every service verifies the gateway's access tokens itself).
    jwt_issuer: str = "http://127.0.0.1:8000"
    jwt_audience: str = "imis"
    jwks_url: str | None = "http://127.0.0.1:8000/.well-known/jwks.json"
    jwt_public_keys_file: str | None = Field(
        default=None, description="A JWKS JSON file; when set, keys are not fetched from jwks_url."
    )
    jwks_cache_seconds: int = Field(default=300, ge=1)
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=300)

    # Operations: metrics and tracing.
    metrics_token: SecretStr | None = Field(
        default=None, description="When set, /metrics needs 'Authorization: Bearer <token>'."
    )
    otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); tracing is off unset.",
    )
    trace_sample_ratio: float = Field(default=1.0, ge=0.0, le=1.0)

    # Events between services (imis_shared.events, docs/architecture.md).
    events_url: str | None = Field(
        default=None,
        pattern=r"^nats://\S+$",
        description="The NATS (JetStream) server, e.g. nats://nats:4222; `imis up` sets it to the broker it "
        "starts. Unset: events wait in the service's outbox until a broker is configured.",
    )
    events_subject_prefix: str = Field(
        default="imis",
        pattern=r"^[a-z][a-z0-9_]{0,30}$",
        description="Subjects are <prefix>.<event type>, in the stream named after the prefix; platforms "
        "sharing a broker take different prefixes.",
    )
    events_in_process: bool = Field(
        default=True,
        description="`serve` runs the service's event relay and consumers itself; false when a separate "
        "`worker` process (its own deployment) runs them.",
    )
    events_max_age_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="How long the broker keeps an event for a consumer that is away.",
    )
    events_poll_seconds: float = Field(
        default=0.2, gt=0, le=10, description="How often the relay looks for new events in the outbox."
    )

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.DEVELOPMENT

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("text" if self.is_development else "json")

    def check_secrets(self) -> None:
        """Refuse insecure defaults outside development; subclasses extend it."""

    def check_serving(self) -> None:
        """Refuse to serve what serving alone needs (a migration or a health check does not).

        In production ``/metrics`` must need a token: the metrics tell who calls which routes how
        often, and the service's port is reachable by every pod the network policies let in.
        """
        if self.environment is Environment.PRODUCTION and self.metrics_token is None:
            prefix = str(self.model_config.get("env_prefix", ""))
            raise SettingsError(
                f"{prefix}METRICS_TOKEN must be set in production: without it /metrics answers anyone "
                "who reaches the service's port. Set it to the token your Prometheus sends as "
                "'Authorization: Bearer <token>'."
            )


S = TypeVar("S", bound=ServiceSettings)


def _format_validation_error(cls: type[ServiceSettings], error: ValidationError) -> str:
    prefix = str(cls.model_config.get("env_prefix", ""))
    lines = [f"Invalid configuration for {cls.__name__}:"]
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"])
        lines.append(f"  {prefix}{field.upper()}: {item['msg']}")
    return "\n".join(lines)


def _format_source_error(cls: type[ServiceSettings], error: PydanticSettingsError) -> str:
    prefix = str(cls.model_config.get("env_prefix", ""))
    match = re.search(r'field "([^"]+)"', str(error))
    name = f"{prefix}{match.group(1).upper()}" if match else "a setting"
    return (
        f"Invalid configuration for {cls.__name__}:\n  {name}: cannot be parsed; "
        "list and object values are JSON, e.g. '[\"https://portal.example\"]'"
    )


SECRETS_DIR_ENV = "IMIS_SECRETS_DIR"


def load_settings(cls: type[S], **overrides: object) -> S:
    """Build settings from the environment, raising :class:`SettingsError` readably.

    With ``IMIS_SECRETS_DIR`` set (e.g. ``/run/secrets``), a file there named like a variable
    in lower case (``imis_jobs_database_url``) gives that setting, so secrets need not sit in
    the environment; a variable that is set wins over the file.
    """
    secrets_dir = os.environ.get(SECRETS_DIR_ENV) or None
    try:
        settings = cls(_secrets_dir=secrets_dir, **overrides)  # type: ignore[arg-type,call-arg]
    except ValidationError as error:
        raise SettingsError(_format_validation_error(cls, error)) from None
    except PydanticSettingsError as error:  # e.g. a list setting that is not JSON
        raise SettingsError(_format_source_error(cls, error)) from None
    settings.check_secrets()
    return settings
