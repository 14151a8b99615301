"""How the sign-in is shown: the server-rendered page (Jinja2, autoescaped, no JavaScript), its
error page, and the redirects back to the client."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from imis_gateway.signin.languages import LANGUAGES, NAMES, Language, direction
from imis_gateway.signin.messages import MESSAGES
from imis_gateway.signin.service import AuthorizeParams, CheckedRequest, RedirectError
from imis_shared.auth import AUTHORIZE_URL

CSRF_COOKIE = "imis_signin_csrf"
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    # No script, no frame around the page (clickjacking). The gateway's SecurityHeadersMiddleware
    # adds nosniff, no referrer (none carries the request on) and X-Frame-Options to every answer.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
    "base-uri 'none'",
}

_templates = Environment(
    loader=PackageLoader("imis_gateway.signin", "templates"),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class LanguageLink:
    code: Language
    name: str
    href: str
    current: bool


def _request_fields(params: AuthorizeParams) -> list[tuple[str, str]]:
    fields = [
        ("response_type", params.response_type),
        ("client_id", params.client_id),
        ("redirect_uri", params.redirect_uri),
        ("code_challenge", params.code_challenge),
        ("code_challenge_method", params.code_challenge_method),
        ("state", params.state),
    ]
    return [(name, value) for name, value in fields if value]


def _language_links(params: AuthorizeParams, current: Language) -> list[LanguageLink]:
    """The language switcher: plain links to this page in each language."""
    fields = _request_fields(params)
    return [
        LanguageLink(
            code,
            NAMES[code],
            f"{AUTHORIZE_URL}?{urlencode([*fields, ('ui_locales', code)])}",
            code == current,
        )
        for code in LANGUAGES
    ]


def sign_in_page(
    params: AuthorizeParams,
    checked: CheckedRequest,
    language: Language,
    csrf_token: str,
    *,
    error_key: str | None = None,
    username: str = "",
    status: int = 200,
    secure_cookie: bool = False,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    t = MESSAGES[language]
    html = _templates.get_template("authorize.html").render(
        lang=language,
        dir=direction(language),
        title=t["title"],
        t=t,
        languages=_language_links(params, language),
        client_name=checked.client.name,
        action=AUTHORIZE_URL,
        csrf_token=csrf_token,
        hidden=[*_request_fields(params), ("ui_locales", language)],
        username=username,
        error=t[error_key] if error_key else None,
    )
    response = HTMLResponse(html, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token,
        path=AUTHORIZE_URL,
        httponly=True,
        samesite="strict",
        secure=secure_cookie,
    )
    return response


def error_page(params: AuthorizeParams, language: Language, message_key: str) -> HTMLResponse:
    """400: the client or its redirect URI is not known good, so nothing is redirected."""
    t = MESSAGES[language]
    html = _templates.get_template("error.html").render(
        lang=language,
        dir=direction(language),
        title=t["error_heading"],
        t=t,
        languages=_language_links(params, language),
        message=t[message_key],
    )
    return HTMLResponse(html, status_code=400, headers=PAGE_HEADERS)


def _with_query(uri: str, extra: list[tuple[str, str]]) -> str:
    """``uri`` with ``extra`` added to its query (its own parameters kept, RFC 6749 §3.1.2)."""
    parts = urlsplit(uri)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *extra]
    return urlunsplit(parts._replace(query=urlencode(query)))


def redirect(uri: str, params: list[tuple[str, str]]) -> RedirectResponse:
    return RedirectResponse(_with_query(uri, params), status_code=303, headers=PAGE_HEADERS)


def code_redirect(checked: CheckedRequest, code: str, issuer: str) -> RedirectResponse:
    params = [("code", code), ("iss", issuer)]
    if checked.state is not None:
        params.append(("state", checked.state))
    return redirect(checked.redirect_uri, params)


def error_redirect(error: RedirectError, issuer: str) -> RedirectResponse:
    params = [("error", error.error), ("error_description", error.description), ("iss", issuer)]
    if error.state is not None:
        params.append(("state", error.state))
    return redirect(error.redirect_uri, params)
