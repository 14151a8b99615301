"""Token endpoint bodies (RFC 6749 §5.1) and logout."""

from __future__ import annotations

from pydantic import BaseModel, Field

from imis_shared.schemas import StrictModel


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"  # noqa: S105 (a token type, not a secret)
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = None
    scope: str | None = None


class OAuthErrorOut(BaseModel):
    error: str = Field(description="RFC 6749 error code, e.g. invalid_grant.")
    error_description: str


class LogoutIn(StrictModel):
    refresh_token: str = Field(min_length=1, max_length=512)
