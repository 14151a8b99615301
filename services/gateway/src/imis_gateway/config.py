"""Settings of the gateway (env prefix ``IMIS_GATEWAY_``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from imis_shared.http import MULTIPART_ALLOWANCE_BYTES
from imis_shared.settings import ServiceSettings, SettingsError
from imis_shared.validators import normalise_email

DEV_SIGNING_KEY_FILE = "var/gateway-dev-signing-key.pem"
# The diaspora import's default file limit (IMIS_DIASPORA_IMPORT_MAX_BYTES) and its multipart envelope.
DEFAULT_BODY_LIMITS = {"/api/v1/diaspora/members/import": 1_048_576 + MULTIPART_ALLOWANCE_BYTES}
DEFAULT_ANONYMOUS_SEARCH_PATHS = [
    "/api/v1/jobs/occupations",
    "/api/v1/jobs/skills",
    "/api/v1/jobs/vacancies",
    "/api/v1/jobs/register",
    "/api/v1/info/search",
]
DEFAULT_CLIENT_SCOPES = [
    "jobs:read",
    "jobs:seekers:read",
    "jobs:handover",
    "jobs:write",
    "diaspora:read",
    "diaspora:write",
    "info:read",
    "info:write",
]


# The services that handle account.deleted (the info service holds no one's personal data).
DeletionService = Literal["jobs", "diaspora"]
DEFAULT_DELETION_SERVICES: tuple[DeletionService, ...] = ("jobs", "diaspora")


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_GATEWAY_", env_file=".env", extra="ignore")

    port: int = 8000
    database_url: str = "sqlite:///var/gateway.sqlite3"
    # The gateway signs tokens; it verifies them with its own keys, not over HTTP.
    jwks_url: str | None = None

    # Signing (Ed25519 or RSA private key, PEM). In development a key is made on
    # first start under var/; anywhere else a key file must be configured.
    signing_key_file: Path | None = None
    verification_key_files: list[Path] = Field(
        default_factory=list,
        description="More keys (PEM, private or public) published in the JWKS and accepted: "
        "the previous signing key after a rotation, or the next one before it.",
    )
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=3600)
    refresh_token_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=3600)

    # Upstream services: public prefix → base URL (the route table).
    jobs_url: str = "http://127.0.0.1:8001"
    diaspora_url: str = "http://127.0.0.1:8002"
    info_url: str = "http://127.0.0.1:8003"
    proxy_connect_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    proxy_read_timeout_seconds: float = Field(default=30.0, gt=0, le=600)
    proxy_max_connections: int = Field(default=200, ge=1)
    openapi_cache_seconds: int = Field(default=60, ge=0)
    deletion_services: list[DeletionService] = Field(
        default_factory=lambda: list(DEFAULT_DELETION_SERVICES),
        description="The services that hold people's data and must confirm a deletion (docs/privacy.md); "
        "a request is complete when each has erased the person.",
    )
    body_limits: dict[str, int] = Field(
        default_factory=lambda: dict(DEFAULT_BODY_LIMITS),
        description="Exact path → body size limit (JSON), over max_body_bytes for upload routes; "
        "keep the diaspora import's at IMIS_DIASPORA_IMPORT_MAX_BYTES + 65536.",
    )

    # Identity.
    bootstrap_admin_email: str | None = None
    bootstrap_admin_password: SecretStr | None = None
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65536, ge=8)
    allowed_client_scopes: list[str] = Field(default_factory=lambda: list(DEFAULT_CLIENT_SCOPES))

    # Sign-in of browser and mobile front-ends (authorization code with PKCE).
    authorization_code_ttl_seconds: int = Field(
        default=60, ge=10, le=600, description="How long an authorization code can be redeemed (seconds)."
    )
    web_client_id: str | None = Field(
        default=None,
        min_length=3,
        max_length=64,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="client_id of the first-party web front-end, registered (or updated) as a public "
        "client at start-up with web_client_redirect_uris; unset: admins register clients.",
    )
    web_client_name: str = Field(
        default="IMIS web portal", min_length=1, max_length=200, description="Name of that client."
    )
    web_client_redirect_uris: list[str] = Field(
        default_factory=list,
        description='Its exact redirect URIs (JSON list), e.g. ["http://localhost:3000/callback"].',
    )

    # Login rate limits (docs/architecture.md, "Guessing passwords").
    login_failures_per_account_address: int = Field(
        default=5,
        ge=1,
        description="Failed logins in a row for one account from one client address before that "
        "address gets 429 for that account (within the failure window).",
    )
    login_failure_window_seconds: int = Field(
        default=900, ge=1, description="Window of the failed logins per account, and per account and address."
    )
    login_failures_per_account: int = Field(
        default=100,
        ge=1,
        description="Failed logins for one account from every address within the failure window; beyond "
        "it, addresses the account has not signed in from are slowed to LOGIN_SLOWED_ATTEMPTS_PER_ACCOUNT "
        "together, and its usual addresses are not.",
    )
    login_slowed_attempts_per_account: int = Field(
        default=1, ge=1, description="Logins per slowed window for an account beyond its failure ceiling."
    )
    login_slowed_window_seconds: int = Field(
        default=60, ge=1, description="Window of the slowed logins of an account beyond its ceiling."
    )
    login_known_address_seconds: int = Field(
        default=90 * 24 * 3600,
        ge=60,
        description="How long an address an account signed in from stays one of its usual addresses.",
    )
    login_attempts_per_address: int = Field(
        default=30, ge=1, description="Login attempts per client address within the window before 429."
    )
    login_address_window_seconds: int = Field(
        default=300, ge=1, description="Window of the login attempts per client address."
    )
    client_auth_failures_per_client: int = Field(
        default=10,
        ge=1,
        description="Wrong secrets for one machine client within the window before 429, except from "
        "addresses that client authenticated from.",
    )
    client_auth_failures_per_address: int = Field(
        default=30, ge=1, description="Failed machine-client authentications per client address before 429."
    )
    client_auth_failure_window_seconds: int = Field(
        default=900, ge=1, description="Window of the failed machine-client authentications."
    )
    password_change_failures_per_account: int = Field(
        default=5,
        ge=1,
        description="Wrong current passwords in a password change before the account's sessions end "
        "and further tries get 429 (within the window).",
    )
    password_change_failure_window_seconds: int = Field(
        default=900, ge=1, description="Window of the wrong current passwords in a password change."
    )
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default_factory=list,
        description='Addresses or CIDRs of reverse proxies (the ingress), JSON: ["10.0.0.0/8"]; only from '
        "them is FORWARDED_HEADER believed for the caller's address. Empty: the TCP peer is the caller.",
    )
    forwarded_header: Literal["x-forwarded-for", "forwarded"] = Field(
        default="x-forwarded-for",
        description="The header the trusted proxies append the caller's address to (only that one is read).",
    )
    registrations_per_address: int = Field(default=20, ge=1)
    registration_window_seconds: int = Field(default=3600, ge=1)
    # Anonymous calls to the search routes: a budget per client address (429 with Retry-After).
    anonymous_search_paths: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ANONYMOUS_SEARCH_PATHS),
        description="Exact paths whose anonymous GET requests count against the per-address budget "
        "(JSON list): the public search routes, each cheap but callable by anyone in a loop.",
    )
    anonymous_searches_per_address: int = Field(
        default=120, ge=1, description="Anonymous requests to those paths per address within the window."
    )
    anonymous_search_window_seconds: int = Field(
        default=60, ge=1, description="Window of the anonymous search budget."
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description="redis://[:password@]host:6379/0; when set, rate limits and revoked tokens are shared by "
        "every replica.",
    )
    redis_key_prefix: str = Field(default="imis:gateway:", min_length=1)

    # Email verification, sent over SMTP.
    smtp_host: str | None = Field(
        default=None,
        description="SMTP server for outgoing mail; unset: messages are logged in development, "
        "refused (503) elsewhere.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_username: str | None = Field(default=None, description="SMTP login; unset: no login.")
    smtp_password: SecretStr | None = Field(default=None, description="Password of the SMTP login.")
    smtp_starttls: bool = Field(default=True, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Give up on the SMTP server after this long (503)."
    )
    smtp_from: str = Field(
        default="IMIS <no-reply@localhost>", description="The From address of outgoing mail."
    )
    email_verification_url: str = Field(
        default="http://localhost:3000/verify-email?token={token}",
        description="Link sent in verification messages: the portal page that confirms; {token} is replaced.",
    )
    email_verification_ttl_seconds: int = Field(
        default=24 * 3600, ge=300, le=7 * 24 * 3600, description="How long a verification link works."
    )
    email_verifications_per_account: int = Field(
        default=3, ge=1, description="Verification messages per account within the window before 429."
    )
    email_verification_window_seconds: int = Field(
        default=3600, ge=1, description="Window of the verification messages."
    )

    # Notifications (docs/notifications.md): SMS through Twilio's Messages API when configured.
    sms_provider: Literal["twilio"] | None = Field(
        default=None,
        description="The SMS provider; unset: in development SMS are logged (the text, not the number), "
        "elsewhere an SMS delivery fails and admins see it.",
    )
    sms_api_url: str = Field(
        default="https://api.twilio.com",
        pattern=r"^https?://\S+$",
        description="Base URL of the provider's API (Twilio's, or a compatible gateway).",
    )
    sms_account_sid: str | None = Field(default=None, description="The Twilio account SID.")
    sms_auth_token: SecretStr | None = Field(default=None, description="The Twilio auth token.")
    sms_from: str | None = Field(default=None, description="The sender: a phone number or sender id.")
    sms_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, description="Give up on the provider after this."
    )
    notification_max_attempts: int = Field(
        default=6, ge=1, le=20, description="Attempts of one delivery before it is failed for good."
    )
    notification_retry_seconds: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="The first retry's delay; each next one doubles, up to six hours.",
    )
    notification_poll_seconds: float = Field(
        default=1.0, gt=0, le=60, description="How often the worker looks for deliveries that are due."
    )

    # Staff accounts an admin creates without a password get a set-password link.
    password_setup_url: str = Field(
        default="http://localhost:3000/set-password?token={token}",
        description="Link mailed to a new staff account: the portal page that sets the first password "
        "(POST /api/v1/auth/password-setup/confirm); {token} is replaced.",
    )
    password_setup_ttl_seconds: int = Field(
        default=72 * 3600, ge=300, le=14 * 24 * 3600, description="How long a set-password link works."
    )

    @model_validator(mode="after")
    def _sms_provider_complete(self) -> GatewaySettings:
        if self.sms_provider == "twilio" and not (
            self.sms_account_sid and self.sms_auth_token and self.sms_from
        ):
            raise ValueError(
                "IMIS_GATEWAY_SMS_PROVIDER=twilio needs IMIS_GATEWAY_SMS_ACCOUNT_SID, "
                "IMIS_GATEWAY_SMS_AUTH_TOKEN and IMIS_GATEWAY_SMS_FROM"
            )
        return self

    @field_validator("bootstrap_admin_email")
    @classmethod
    def _an_address_the_api_takes(cls, value: str | None) -> str | None:
        """The same check as every email the API takes, so the account can be read and named back."""
        return normalise_email(value.strip()) if value and value.strip() else None  # compose sends ""

    @field_validator("email_verification_url", "password_setup_url")
    @classmethod
    def _has_token_placeholder(cls, value: str) -> str:
        if "{token}" not in value:
            raise ValueError("must contain {token}, where the token goes")
        return value

    @model_validator(mode="after")
    def _web_client_has_redirect_uris(self) -> GatewaySettings:
        if self.web_client_id and not self.web_client_redirect_uris:
            raise ValueError("web_client_id needs web_client_redirect_uris")
        return self

    @property
    def upstreams(self) -> dict[str, str]:
        return {"jobs": self.jobs_url, "diaspora": self.diaspora_url, "info": self.info_url}

    @property
    def effective_signing_key_file(self) -> Path:
        return self.signing_key_file or Path(DEV_SIGNING_KEY_FILE)

    def check_serving(self) -> None:
        """The gateway's port is public, so its /metrics is not served at all without a token (404):
        nothing to refuse."""

    def check_secrets(self) -> None:
        if self.is_development:
            return
        if self.signing_key_file is None:
            raise SettingsError(
                "IMIS_GATEWAY_SIGNING_KEY_FILE must name the token signing key outside development "
                "(the development key is made on the fly and must never sign production tokens)."
            )
        if self.signing_key_file.as_posix().endswith(DEV_SIGNING_KEY_FILE):
            raise SettingsError("IMIS_GATEWAY_SIGNING_KEY_FILE points at the development key.")
        if self.bootstrap_admin_password is not None and len(self.bootstrap_admin_password) < 12:
            raise SettingsError("IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters.")
