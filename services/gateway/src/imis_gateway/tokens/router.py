"""``POST /api/v1/auth/token`` (RFC 6749), logout, and the published keys."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Form, Request, Response
from fastapi.responses import JSONResponse

from imis_gateway.identity import ClientAddress, IdentityDep
from imis_gateway.tokens import service
from imis_gateway.tokens.dependencies import SigningKeys, basic_credentials
from imis_gateway.tokens.errors import OAuthError
from imis_gateway.tokens.schemas import LogoutIn, OAuthErrorOut, TokenOut
from imis_gateway.tokens.views import authorization_server_metadata, token_body
from imis_shared.app import api_router
from imis_shared.db import SessionDep

router = api_router(prefix="/api/v1/auth", tags=["auth"])
wellknown = api_router(tags=["keys"])

OptionalForm = Annotated[str | None, Form()]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _required(value: str | None, name: str) -> str:
    if not value:
        raise OAuthError("invalid_request", f"The parameter {name!r} is required for this grant type.")
    return value


@router.post(
    "/token",
    response_model=TokenOut,
    summary="OAuth2 token endpoint: password, refresh_token and client_credentials grants.",
    responses={
        400: {"model": OAuthErrorOut, "description": "RFC 6749 error (invalid_grant, invalid_request, ...)"},
        401: {"model": OAuthErrorOut, "description": "invalid_client"},
        429: {"description": "Too many login attempts; see Retry-After"},
    },
)
async def issue_token(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    keys: SigningKeys,
    address: ClientAddress,
    grant_type: OptionalForm = None,
    username: OptionalForm = None,
    password: OptionalForm = None,
    refresh_token: OptionalForm = None,
    scope: OptionalForm = None,
    client_id: OptionalForm = None,
    client_secret: OptionalForm = None,
) -> JSONResponse:
    """Public (form-encoded). Users log in with ``password`` and renew with
    ``refresh_token`` (rotating); machine clients use ``client_credentials``
    with HTTP Basic or form credentials."""
    grant: service.TokenGrant
    if grant_type == "password":
        grant = await service.password_grant(
            session,
            identity,
            keys,
            _required(username, "username"),
            _required(password, "password"),
            address,
        )
    elif grant_type == "refresh_token":
        grant = await service.refresh_grant(
            session, identity, keys, _required(refresh_token, "refresh_token"), address
        )
    elif grant_type == "client_credentials":
        credentials = basic_credentials(request) or (
            _required(client_id, "client_id"),
            _required(client_secret, "client_secret"),
        )
        grant = await service.client_credentials_grant(session, identity, keys, *credentials, scope, address)
    elif not grant_type:
        raise OAuthError("invalid_request", "The parameter 'grant_type' is required.")
    else:
        raise OAuthError("unsupported_grant_type", f"Grant type {grant_type!r} is not supported.")
    return JSONResponse(token_body(grant), headers=NO_STORE)


@router.post("/logout", status_code=204, summary="Revoke a refresh token and its family.")
async def logout(body: LogoutIn, session: SessionDep, identity: IdentityDep) -> Response:
    """Public: holding the refresh token is the authority. Unknown tokens are ignored (204)."""
    await service.logout(session, identity, body.refresh_token)
    return Response(status_code=204)


@wellknown.get("/.well-known/jwks.json", summary="Public keys that verify IMIS access tokens.")
async def get_signing_keys(keys: SigningKeys) -> JSONResponse:
    """Public."""
    return JSONResponse(keys.jwks(), headers={"Cache-Control": "public, max-age=300"})


@wellknown.get(
    "/.well-known/openid-configuration",
    summary="Authorization-server metadata (RFC 8414 style).",
)
async def get_openid_configuration(identity: IdentityDep, keys: SigningKeys) -> dict[str, Any]:
    """Public."""
    return authorization_server_metadata(identity.settings, keys)
