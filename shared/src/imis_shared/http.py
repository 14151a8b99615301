"""HTTP input guards: body size limit (413), content type (415), the methods of a path (405, OPTIONS)
and NUL characters in text (422).

The limit is enforced by pure ASGI middleware before the app runs. The content type is checked per route by
:class:`ImisRoute`, which knows whether the route takes JSON or a form. A method the path does not have is
answered by :class:`ImisRoute` too, with every method of the path in ``Allow``.
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable, Coroutine, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request, Response
from fastapi import params as fastapi_params
from fastapi.routing import APIRoute, iter_route_contexts
from starlette._utils import get_route_path
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from imis_shared.auth import refuse_outside_audience, route_audience
from imis_shared.errors import (
    FieldError,
    Forbidden,
    Unauthorized,
    UnsupportedMediaType,
    ValidationFailed,
    problem_response,
)

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# The order methods are listed in ``Allow``; any other method a route has comes after these.
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Room for the multipart envelope (boundaries, part headers) around an uploaded file, so that a
# file of exactly a route's file limit still fits the body limit of that route.
MULTIPART_ALLOWANCE_BYTES = 65_536


def declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimits:
    """The body size limit of each request path: a default, and exact-path overrides.

    Overrides name whole paths (``/api/v1/diaspora/members/import``), not prefixes, so that
    raising the limit of one upload route raises it for nothing else.
    """

    def __init__(self, default: int, overrides: Mapping[str, int] | None = None) -> None:
        self.default = default
        self.overrides = {path.rstrip("/") or "/": limit for path, limit in (overrides or {}).items()}

    def for_path(self, path: str) -> int:
        return self.overrides.get(path.rstrip("/") or "/", self.default)


class BodySizeLimitMiddleware:
    """Refuse bodies over the path's limit with 413 before the app sees any of it.

    A declared ``Content-Length`` is checked up front. A body without one
    (chunked, or HTTP/2) is read here, at most the limit of it, and replayed to
    the app, so memory stays bounded by the limit. ``path_limits`` overrides
    ``max_body_bytes`` for exact paths (an upload route that takes larger files).
    """

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, path_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.limits = BodyLimits(max_body_bytes, path_limits)

    @property
    def max_body_bytes(self) -> int:
        return self.limits.default

    def _too_large(self, scope: Scope, size: str, limit: int) -> Response:
        return problem_response(
            413,
            "Request body too large",
            type_="urn:imis:problem:payload-too-large",
            detail=f"The body is {size} bytes; the limit is {limit}.",
            instance=scope["path"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        length = declared_length(scope)
        if length is not None:
            if length > limit:
                await self._too_large(scope, str(length), limit)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        # No declared length (chunked, or an HTTP/2 stream): read at most the limit.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(scope, f"more than {limit}", limit)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _media_type(request: Request) -> str | None:
    raw = request.headers.get("content-type")
    if not raw:
        return None
    message = email.message.Message()
    message["content-type"] = raw
    return message.get_content_type()


def _is_json(media_type: str) -> bool:
    main, _, sub = media_type.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def _has_body(request: Request) -> bool:
    if request.method not in BODY_METHODS:
        return False
    length = request.headers.get("content-length")
    if length is not None:
        return length.strip() not in {"", "0"}
    return "transfer-encoding" in request.headers


def require_form_body(request: Request) -> None:
    """415 unless a body sent is a form: for routes that read their form themselves (so that FastAPI
    does not validate it and they can answer in their own format, as the OAuth2 endpoints do)."""
    if _has_body(request):
        media_type = _media_type(request)
        if media_type not in FORM_TYPES:
            got = media_type or "no Content-Type"
            raise UnsupportedMediaType(
                f"Send the body as a form (application/x-www-form-urlencoded); got {got}."
            )


NUL = "\x00"
NUL_MESSAGE = "Text must not contain NUL characters."


def _nul_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Where in a parsed JSON value a string (or a member name) holds a NUL."""
    if isinstance(value, str):
        if NUL in value:
            yield path
    elif isinstance(value, dict):
        for name, member in value.items():
            if NUL in name:
                yield (*path, name)
            yield from _nul_paths(member, (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, str(index)))


async def refuse_nul_characters(request: Request, *, body: bool = True) -> None:
    """422 naming each query or path parameter, form field or JSON member whose text holds a NUL
    (the body only with ``body``: a route reading its own body answers in its own format).

    No text column stores one (PostgreSQL refuses it outright), so it is refused as input rather
    than failing deep down; the cheap byte search keeps the usual request at no parsing cost.
    """
    errors = [
        FieldError(field=name, location=location, message=NUL_MESSAGE, type="nul_character")
        for location, items in (
            ("path", list(request.path_params.items())),
            ("query", request.query_params.multi_items()),
        )
        for name, value in items
        if isinstance(value, str) and (NUL in value or NUL in name)
    ]
    media_type = _media_type(request) if body and _has_body(request) else None
    form = media_type == "application/x-www-form-urlencoded"
    if form or (media_type is not None and _is_json(media_type)):  # an upload is left alone
        raw = await request.body()
        if form and (b"%00" in raw or b"\x00" in raw):
            fields = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
            errors += [
                FieldError(field=name, location="body", message=NUL_MESSAGE, type="nul_character")
                for name, value in fields
                if NUL in name or NUL in value
            ]
        elif not form and b"\\u0000" in raw:
            try:
                document = json.loads(raw)
            except ValueError:
                document = None  # the route reports malformed JSON itself
            errors += [
                FieldError(
                    field=".".join(path) or "body", location="body", message=NUL_MESSAGE, type="nul_character"
                )
                for path in _nul_paths(document)
            ]
    if errors:
        raise ValidationFailed(NUL_MESSAGE, errors=errors)


class ImisRoute(APIRoute):
    """An APIRoute that refuses a caller outside its audience first (imis_shared.auth), then answers
    415 when the body's media type is not the route's, and 422 to text holding a NUL character."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        checked = self._checked_handler()
        audience = route_audience(self)
        if audience is None:
            return checked

        async def audience_checked_handler(request: Request) -> Response:
            try:
                await refuse_outside_audience(request, audience)
            except (Unauthorized, Forbidden):
                # Read the body all the same (it is size-limited): answering while a proxy is still
                # sending it would break the connection, and the proxy would report a bad gateway.
                await request.body()
                raise
            return await checked(request)

        return audience_checked_handler

    def _checked_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:

            async def text_checked_handler(request: Request) -> Response:
                await refuse_nul_characters(request, body=False)
                return await handler(request)

            return text_checked_handler
        takes_form = isinstance(self.body_field.field_info, fastapi_params.Form)
        accepted = "a form (application/x-www-form-urlencoded)" if takes_form else "application/json"

        async def checked_handler(request: Request) -> Response:
            if _has_body(request):
                media_type = _media_type(request)
                ok = media_type is not None and (
                    media_type in FORM_TYPES if takes_form else _is_json(media_type)
                )
                if not ok:
                    raise UnsupportedMediaType(
                        f"Send the body as {accepted}; got {media_type or 'no Content-Type'}."
                    )
            await refuse_nul_characters(request)
            return await handler(request)

        return checked_handler

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A method this route lacks: 405 listing every method of the path, or, for OPTIONS, 204.

        Starlette keeps one route per method and path; the router gives the request to the first
        route whose path matched, whose 405 would name that route's methods only. Here the routes
        of the whole router are asked which of them serve the path. OPTIONS (RFC 9110 §9.3.7)
        answers with the same ``Allow``; a CORS preflight never gets here, the CORS middleware
        answers it first when origins are configured.
        """
        if self.methods and scope["method"] not in self.methods:
            allow = ", ".join(path_methods(scope))
            if scope["method"] == "OPTIONS":
                await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)
                return
            raise HTTPException(status_code=405, headers={"Allow": allow})
        await super().handle(scope, receive, send)


def path_methods(scope: Scope) -> list[str]:
    """Every method some route of the scope's router serves on the request's path, with OPTIONS.
    Included routers are expanded to their routes, with the paths they have once included."""
    routes: list[BaseRoute] = getattr(scope.get("router"), "routes", [])
    path = get_route_path(scope)
    methods = {"OPTIONS"}
    for route in iter_route_contexts(routes):
        route_methods = route.methods
        regex = getattr(route, "path_regex", None)
        if route_methods and regex is not None and regex.match(path):
            methods |= set(route_methods)
    known = [method for method in METHOD_ORDER if method in methods]
    return known + sorted(methods - set(METHOD_ORDER))
