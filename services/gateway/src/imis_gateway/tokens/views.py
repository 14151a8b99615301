"""How the token endpoint and the authorization-server metadata are shown."""

from __future__ import annotations

from typing import Any

from imis_gateway.config import GatewaySettings
from imis_gateway.tokens.keys import KeySet
from imis_gateway.tokens.schemas import TokenOut
from imis_gateway.tokens.service import TokenGrant


def token_body(grant: TokenGrant) -> dict[str, Any]:
    """RFC 6749 §5.1: absent members are left out, not null."""
    return TokenOut(
        access_token=grant.access_token,
        expires_in=grant.expires_in,
        refresh_token=grant.refresh_token,
        scope=grant.scope,
    ).model_dump(exclude_none=True)


def authorization_server_metadata(settings: GatewaySettings, keys: KeySet) -> dict[str, Any]:
    issuer = settings.jwt_issuer.rstrip("/")
    return {
        "issuer": settings.jwt_issuer,
        "token_endpoint": f"{issuer}/api/v1/auth/token",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "grant_types_supported": ["password", "refresh_token", "client_credentials"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": settings.allowed_client_scopes,
        "id_token_signing_alg_values_supported": [keys.current.algorithm],
        "response_types_supported": ["token"],
        "subject_types_supported": ["public"],
    }
