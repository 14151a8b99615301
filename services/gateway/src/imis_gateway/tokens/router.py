"""``POST /api/v1/auth/token`` (RFC 6749), logout, and the published keys."""

from __future__ import annotations

from fastapi import Request, Response
from fastapi.responses import JSONResponse

from imis_gateway.identity import ClientAddress, IdentityDep
from imis_gateway.tokens import service
from imis_gateway.tokens.dependencies import SigningKeys, TokenForm, basic_credentials
from imis_gateway.tokens.errors import OAuthError
from imis_gateway.tokens.schemas import (
    AuthorizationCodeGrantForm,
    AuthorizationServerMetadata,
    ClientCredentialsGrantForm,
    LogoutIn,
    OAuthErrorOut,
    PasswordGrantForm,
    RefreshTokenGrantForm,
    TokenOut,
)
from imis_gateway.tokens.views import TOKEN_REQUEST_BODY, authorization_server_metadata, token_body
from imis_shared.app import api_router
from imis_shared.db import SessionDep

router = api_router(prefix="/api/v1/auth", tags=["auth"])
wellknown = api_router(tags=["keys"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@router.post(
    "/token",
    response_model=TokenOut,
    summary="OAuth2 token endpoint: authorization_code, password, refresh_token and client_credentials.",
    responses={
        400: {
            "model": OAuthErrorOut,
            "description": "RFC 6749 error: invalid_request (a field missing or malformed), "
            "unsupported_grant_type, invalid_grant, invalid_scope",
        },
        401: {"model": OAuthErrorOut, "description": "invalid_client"},
        429: {"description": "Too many login attempts; see Retry-After"},
    },
    openapi_extra=TOKEN_REQUEST_BODY,
)
async def issue_token(
    request: Request,
    form: TokenForm,
    session: SessionDep,
    identity: IdentityDep,
    keys: SigningKeys,
    address: ClientAddress,
) -> JSONResponse:
    """Public (form-encoded). Front-ends redeem the sign-in's code with ``authorization_code`` and
    its PKCE verifier; first-party scripts log in with ``password``; both renew with
    ``refresh_token`` (rotating). Machine clients use ``client_credentials`` with HTTP Basic or form
    credentials. Errors are RFC 6749 JSON ``{error, error_description}``, never a problem."""
    grant: service.TokenGrant
    match form:
        case PasswordGrantForm():
            grant = await service.password_grant(
                session, identity, keys, form.username, form.password, address
            )
        case RefreshTokenGrantForm():
            grant = await service.refresh_grant(session, identity, keys, form.refresh_token, address)
        case ClientCredentialsGrantForm():
            credentials = basic_credentials(request)
            if credentials is None:
                if not form.client_id or not form.client_secret:
                    raise OAuthError(
                        "invalid_request", "Send client_id and client_secret, or HTTP Basic credentials."
                    )
                credentials = (form.client_id, form.client_secret)
            grant = await service.client_credentials_grant(
                session, identity, keys, *credentials, form.scope, address
            )
        case AuthorizationCodeGrantForm():
            grant = await service.authorization_code_grant(
                session,
                identity,
                keys,
                form.code,
                form.redirect_uri,
                form.client_id,
                form.code_verifier,
                address,
            )
        case _:  # pragma: no cover (read_token_form returns one of the forms above)
            raise AssertionError(type(form).__name__)
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
    response_model=AuthorizationServerMetadata,
    summary="Authorization-server metadata (RFC 8414): the endpoints, grants and methods implemented.",
)
async def get_openid_configuration(identity: IdentityDep) -> AuthorizationServerMetadata:
    """Public."""
    return authorization_server_metadata(identity.settings)
