"""Token endpoint bodies (RFC 6749 §4 and §5.1), logout, and the authorization-server metadata.

The token request is a form whose fields depend on ``grant_type``: one model per grant, chosen by
that field (a discriminated ``oneOf`` in the OpenAPI document). The router reads the form itself
and validates it with these models, so that a bad request is an RFC 6749 ``invalid_request``
rather than a 422 problem.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from imis_shared.schemas import StrictModel

FormText = Annotated[str, StringConstraints(min_length=1, max_length=2048)]


class GrantType(StrEnum):
    PASSWORD = "password"  # noqa: S105 (a grant type, not a secret)
    REFRESH_TOKEN = "refresh_token"  # noqa: S105
    CLIENT_CREDENTIALS = "client_credentials"
    AUTHORIZATION_CODE = "authorization_code"


class GrantForm(BaseModel):
    model_config = ConfigDict(extra="ignore")  # RFC 6749 §3.2: unknown parameters are ignored


class PasswordGrantForm(GrantForm):
    """A person's email and password (first-party scripts and tests; front-ends use the
    authorization code)."""

    grant_type: Literal["password"]
    username: FormText = Field(description="The account's email.")
    password: FormText


class RefreshTokenGrantForm(GrantForm):
    """A refresh token, exchanged for a new access token and a new refresh token (rotation)."""

    grant_type: Literal["refresh_token"]
    refresh_token: FormText


class ClientCredentialsGrantForm(GrantForm):
    """A machine client's credentials: HTTP Basic (client_secret_basic) or these two fields
    (client_secret_post)."""

    grant_type: Literal["client_credentials"]
    client_id: FormText | None = Field(default=None, description="Required unless sent with HTTP Basic.")
    client_secret: FormText | None = Field(default=None, description="Required unless sent with HTTP Basic.")
    scope: FormText | None = Field(
        default=None, description="Space-separated; a subset of the client's scopes (default: all of them)."
    )


class AuthorizationCodeGrantForm(GrantForm):
    """A code from the sign-in page's redirect, with the PKCE verifier (RFC 7636) of its challenge."""

    grant_type: Literal["authorization_code"]
    code: FormText
    redirect_uri: FormText = Field(description="Exactly the redirect_uri of the authorization request.")
    client_id: FormText = Field(description="The public client the code was issued to.")
    code_verifier: Annotated[str, StringConstraints(min_length=43, max_length=128)] = Field(
        description="The PKCE verifier whose S256 hash was the code_challenge."
    )


GRANT_FORMS: dict[GrantType, type[GrantForm]] = {
    GrantType.PASSWORD: PasswordGrantForm,
    GrantType.REFRESH_TOKEN: RefreshTokenGrantForm,
    GrantType.CLIENT_CREDENTIALS: ClientCredentialsGrantForm,
    GrantType.AUTHORIZATION_CODE: AuthorizationCodeGrantForm,
}


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"]  # always sent, so required in the document
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str | None = None
    scope: str | None = None


class OAuthErrorOut(BaseModel):
    error: str = Field(description="RFC 6749 error code, e.g. invalid_grant.")
    error_description: str


class LogoutIn(StrictModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class AuthorizationServerMetadata(BaseModel):
    """What the authorization server implements (RFC 8414), and nothing more."""

    issuer: str
    authorization_endpoint: str = Field(description="The sign-in page (authorization code with PKCE).")
    token_endpoint: str
    jwks_uri: str
    response_types_supported: list[str]
    response_modes_supported: list[str]
    grant_types_supported: list[GrantType]
    token_endpoint_auth_methods_supported: list[str] = Field(
        description="client_secret_basic and client_secret_post for machine clients; none for public "
        "clients, which prove themselves with PKCE."
    )
    code_challenge_methods_supported: list[str]
    scopes_supported: list[str] = Field(description="Scopes a machine client can be granted.")
    ui_locales_supported: list[str] = Field(description="Languages of the sign-in page.")
    authorization_response_iss_parameter_supported: bool = Field(
        description="The redirect after sign-in carries iss (RFC 9207)."
    )
