"""``/api/v1/auth/authorize``: the sign-in of browser and mobile front-ends (authorization code
with PKCE). A server-rendered page and a plain form, so it works without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from imis_gateway.identity import ClientAddress, Identity, IdentityDep
from imis_gateway.signin import service
from imis_gateway.signin.languages import choose
from imis_gateway.signin.schemas import SignInForm
from imis_gateway.signin.service import AuthorizeParams, BadCredentials, PageError, RedirectError
from imis_gateway.signin.views import (
    CSRF_COOKIE,
    code_redirect,
    error_page,
    error_redirect,
    sign_in_page,
)
from imis_shared.app import api_router
from imis_shared.db import SessionDep
from imis_shared.errors import TooManyRequests
from imis_shared.http import require_form_body
from imis_shared.openapi import UNVALIDATED, form_request_body
from imis_shared.settings import Environment

router = api_router(prefix="/api/v1/auth", tags=["auth"])

HTML = {"text/html": {"schema": {"type": "string"}}}
LOCATION = {"Location": {"description": "The client's redirect URI", "schema": {"type": "string"}}}
REDIRECT_RESPONSE: dict[str, Any] = {
    "description": "Back to the client's redirect_uri with code, state and iss, or with error, "
    "error_description, state and iss",
    "headers": LOCATION,
}
ERROR_PAGE: dict[str, Any] = {
    "description": "Error page (unknown client, unregistered redirect_uri): nothing is redirected",
    "content": HTML,
}


def _secure(request: Request, identity: Identity) -> bool:
    """The CSRF cookie is Secure over HTTPS, and always in production (which is served over HTTPS
    even where a TLS terminator hands the gateway plain HTTP)."""
    return request.url.scheme == "https" or identity.settings.environment == Environment.PRODUCTION


@router.get(
    "/authorize",
    response_class=HTMLResponse,
    summary="Sign-in page of the authorization-code flow with PKCE (S256).",
    responses={303: REDIRECT_RESPONSE, 400: ERROR_PAGE},
    openapi_extra=UNVALIDATED,
)
async def get_authorize_page(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    response_type: Annotated[str | None, Query(description="code")] = None,
    client_id: Annotated[str | None, Query(description="A registered public client.")] = None,
    redirect_uri: Annotated[
        str | None, Query(description="One of the client's registered redirect URIs, exactly.")
    ] = None,
    code_challenge: Annotated[
        str | None, Query(description="BASE64URL(SHA256(code_verifier)), 43 characters.")
    ] = None,
    code_challenge_method: Annotated[str | None, Query(description="S256 (plain is refused).")] = None,
    state: Annotated[str | None, Query(description="Sent back unchanged with the code.")] = None,
    scope: Annotated[str | None, Query(description="Not used: a person's token carries roles.")] = None,
    ui_locales: Annotated[
        str | None, Query(description="The page's language: ar, en, fr or it (else Accept-Language).")
    ] = None,
    accept_language: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Response:
    """Public, for a browser. Renders the sign-in form in Arabic (right to left), English, French or
    Italian; errors in the request go back to the redirect URI once it is known good."""
    params = AuthorizeParams(
        response_type, client_id, redirect_uri, code_challenge, code_challenge_method, state, scope
    )
    language = choose(ui_locales, accept_language)
    try:
        checked = await service.check_request(session, params)
    except PageError as error:
        return error_page(params, language, error.message_key)
    except RedirectError as error:
        return error_redirect(error, identity.settings.jwt_issuer)
    csrf = request.cookies.get(CSRF_COOKIE) or service.new_csrf_token()
    return sign_in_page(params, checked, language, csrf, secure_cookie=_secure(request, identity))


@router.post(
    "/authorize",
    response_class=RedirectResponse,
    status_code=303,
    summary="Submit the sign-in form: a code for the client, or the form again with the error.",
    responses={
        303: REDIRECT_RESPONSE,
        400: {
            "description": "The form again with the error (wrong email or password, expired form), "
            "or the error page (unknown client, unregistered redirect_uri)",
            "content": HTML,
        },
        429: {"description": "The form again: too many sign-in attempts", "content": HTML},
    },
    openapi_extra=form_request_body(SignInForm),
)
async def submit_authorize_form(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    address: ClientAddress,
) -> Response:
    """Public, for a browser: the page's own form (CSRF-checked). The same password check, rate
    limits, lockout and audit as the password grant; then 303 to the redirect URI with the code."""
    require_form_body(request)
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    params = AuthorizeParams(
        response_type=fields.get("response_type"),
        client_id=fields.get("client_id"),
        redirect_uri=fields.get("redirect_uri"),
        code_challenge=fields.get("code_challenge"),
        code_challenge_method=fields.get("code_challenge_method"),
        state=fields.get("state"),
        scope=fields.get("scope"),
    )
    language = choose(fields.get("ui_locales"), request.headers.get("accept-language"))
    issuer = identity.settings.jwt_issuer
    try:
        checked = await service.check_request(session, params)
    except PageError as error:
        return error_page(params, language, error.message_key)
    except RedirectError as error:
        return error_redirect(error, issuer)
    secure = _secure(request, identity)
    username = fields.get("username", "")[:320]
    if not service.csrf_matches(request.cookies.get(CSRF_COOKIE), fields.get("csrf_token")):
        return sign_in_page(
            params,
            checked,
            language,
            service.new_csrf_token(),
            error_key="expired_form",
            username=username,
            status=400,
            secure_cookie=secure,
        )
    csrf = fields["csrf_token"]
    try:
        code = await service.sign_in(
            session, identity, checked, username, fields.get("password", ""), address
        )
    except BadCredentials:
        return sign_in_page(
            params,
            checked,
            language,
            csrf,
            error_key="bad_credentials",
            username=username,
            status=400,
            secure_cookie=secure,
        )
    except TooManyRequests as error:
        return sign_in_page(
            params,
            checked,
            language,
            csrf,
            error_key="too_many",
            username=username,
            status=429,
            secure_cookie=secure,
            headers=error.headers,
        )
    return code_redirect(checked, code, issuer)
