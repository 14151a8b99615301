"""How the token endpoint, its request form and the authorization-server metadata are shown."""

from __future__ import annotations

from typing import Any

from imis_gateway.config import GatewaySettings
from imis_gateway.tokens.pkce import METHOD
from imis_gateway.tokens.schemas import GRANT_FORMS, AuthorizationServerMetadata, GrantType, TokenOut
from imis_gateway.tokens.service import TokenGrant
from imis_shared.auth import AUTHORIZE_URL, TOKEN_URL
from imis_shared.openapi import form_request_body

# The languages of the sign-in page (signin/languages.py, which builds on tokens, not the reverse).
SIGN_IN_LANGUAGES = ["ar", "en", "fr", "it"]

# The token request as the OpenAPI document shows it: one form per grant, told apart by grant_type.
TOKEN_REQUEST_BODY = form_request_body(
    *GRANT_FORMS.values(),
    discriminator="grant_type",
    mapping={grant.value: form.__name__ for grant, form in GRANT_FORMS.items()},
)


def token_body(grant: TokenGrant) -> dict[str, Any]:
    """RFC 6749 §5.1: absent members are left out, not null."""
    return TokenOut(
        access_token=grant.access_token,
        token_type="Bearer",  # noqa: S106 (a token type, not a secret)
        expires_in=grant.expires_in,
        refresh_token=grant.refresh_token,
        scope=grant.scope,
    ).model_dump(exclude_none=True)


def authorization_server_metadata(settings: GatewaySettings) -> AuthorizationServerMetadata:
    issuer = settings.jwt_issuer.rstrip("/")
    return AuthorizationServerMetadata(
        issuer=settings.jwt_issuer,
        authorization_endpoint=f"{issuer}{AUTHORIZE_URL}",
        token_endpoint=f"{issuer}{TOKEN_URL}",
        jwks_uri=f"{issuer}/.well-known/jwks.json",
        response_types_supported=["code"],
        response_modes_supported=["query"],
        grant_types_supported=list(GrantType),
        token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post", "none"],
        code_challenge_methods_supported=[METHOD],
        scopes_supported=settings.allowed_client_scopes,
        ui_locales_supported=SIGN_IN_LANGUAGES,
        authorization_response_iss_parameter_supported=True,
    )
