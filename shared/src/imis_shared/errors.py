"""RFC 9457 problem details: the domain-error hierarchy and the one handler set.

Services raise :class:`DomainError` subclasses below the router; the handlers
installed by :func:`install_error_handlers` render them, validation errors,
HTTP errors and unexpected exceptions as ``application/problem+json``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from imis_shared.request_id import current_request_id

_log = logging.getLogger("imis.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
# For `responses=` in route declarations: "this status is a problem+json".
PROBLEM_RESPONSE: dict[str, Any] = {"content": {PROBLEM_MEDIA_TYPE: {}}}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented as problem+json."""
    return {status: PROBLEM_RESPONSE for status in statuses}


RESERVED_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "request_id", "errors"})
TYPE_PREFIX = "urn:imis:problem:"


class FieldError(BaseModel):
    """One bad input field."""

    field: str = Field(description="Dotted path of the field, e.g. `languages.0.level`.")
    location: str = Field(description="Where the field was sent: body, query, path, header.")
    message: str
    type: str = Field(description="Machine-readable error kind, e.g. `missing`.")


# Why a request was refused where the type alone does not say; docs/api.md says when each occurs.
Reason = Literal[
    "not_eligible",
    "quota_full",
    "outside_programme_period",
    "worker_fees_forbidden",
    "session_full",
    "orientation_required",
    "admin_account",
    "own_account",
    "saved_search_limit",
]


def _absent_is_left_out(schema: dict[str, Any]) -> None:
    """Drops the ``default: null`` of members that are left out when absent: null is not a value
    their schema admits, and no server sends it."""
    for member in schema.get("properties", {}).values():
        if "default" in member and member["default"] is None:
            del member["default"]


class Problem(BaseModel):
    """An RFC 9457 problem details object. Members after ``errors`` are extensions some problems
    carry (docs/api.md, "Errors"); a client ignores members it does not know. A member that does
    not apply is left out, never sent as null, so the document declares none of them nullable."""

    model_config = ConfigDict(extra="allow", json_schema_extra=_absent_is_left_out)

    type: str = Field(
        default="about:blank",
        description="URI identifying the problem type: `about:blank` or a `urn:imis:problem:…` "
        "listed in docs/api.md.",
    )
    title: str
    status: int
    detail: str | SkipJsonSchema[None] = None
    instance: str | SkipJsonSchema[None] = None
    request_id: str | SkipJsonSchema[None] = None
    errors: list[FieldError] | SkipJsonSchema[None] = None
    reason: Reason | SkipJsonSchema[None] = Field(
        default=None,
        description="Why a 409 was refused: `quota_full` (the programme, its season or the seeker's "
        "citizenship has no place left; `quota` says which), "
        "`not_eligible` (the seeker does not meet the programme's conditions, or has no accepted placement "
        "in the country of the orientation course they enrol in), "
        "`outside_programme_period` (accepting or departing outside the programme's dates, or its season's), "
        "`worker_fees_forbidden` (publishing a vacancy that charges the worker a recruitment fee while the "
        "ministry's policy is that the employer pays), "
        "`session_full` (enrolling in an orientation session with no place left), "
        "`orientation_required` (recording a departure without the valid pre-departure orientation "
        "certificate it needs), "
        "`admin_account` (an administrator asked to delete their own account: another administrator does), "
        "`own_account` (an administrator asked to delete their own account through the admin route), "
        "`saved_search_limit` (a job seeker saving more searches than the ministry allows).",
    )
    current_status: str | SkipJsonSchema[None] = Field(
        default=None, description="409 invalid-state: the object's status when the change was refused."
    )
    allowed: list[str] | SkipJsonSchema[None] = Field(
        default=None, description="409 invalid-state: the statuses or steps the caller may move it to now."
    )
    employer_status: str | SkipJsonSchema[None] = Field(
        default=None, description="409: publishing needs a verified employer; its status now."
    )
    current_version: int | SkipJsonSchema[None] = Field(
        default=None, description="412: the version the object has now; send it as `If-Match`."
    )
    field: str | SkipJsonSchema[None] = Field(
        default=None, description="409 conflict: the field whose value is already taken (e.g. `email`)."
    )
    quota: Literal["programme", "season", "citizenship"] | SkipJsonSchema[None] = Field(
        default=None,
        description="409 `quota_full`: the quota that is full: the programme's, its season's, or the places "
        "it reserves for the seeker's citizenship.",
    )


def query_error(field: str, message: str, kind: str) -> FieldError:
    """A bad query parameter, found by a business rule."""
    return FieldError(field=field, location="query", message=message, type=kind)


def body_error(field: str, message: str, kind: str) -> FieldError:
    """A bad field of the request body, found by a business rule."""
    return FieldError(field=field, location="body", message=message, type=kind)


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.headers = dict(headers or {})
        self.extensions = extensions

    @property
    def type(self) -> str:
        return TYPE_PREFIX + self.slug


class BadRequest(DomainError):
    pass


class Unauthorized(DomainError):
    status, slug, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str | None = None, **extensions: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extensions)


class InvalidToken(Unauthorized):
    slug, title = "invalid-token", "Invalid access token"

    def __init__(self, detail: str | None = None, **extensions: Any) -> None:
        DomainError.__init__(
            self, detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}, **extensions
        )


class Forbidden(DomainError):
    status, slug, title = 403, "forbidden", "Not allowed"


class PasswordChangeRequired(Forbidden):
    """The user signed in with a password an admin set: until they change it, their token may only
    read their account and change the password."""

    slug, title = "password-change-required", "Password change required"


class NotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict"


class InvalidState(Conflict):
    slug, title = "invalid-state", "Not allowed in the current state"


class PreconditionFailed(DomainError):
    status, slug, title = 412, "precondition-failed", "Precondition failed"


class PayloadTooLarge(DomainError):
    status, slug, title = 413, "payload-too-large", "Request body too large"


class UnsupportedMediaType(DomainError):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class ValidationFailed(DomainError):
    """A business-rule validation of one or more fields."""

    status, slug, title = 422, "validation-failed", "Invalid input"

    def __init__(self, detail: str | None = None, *, errors: Sequence[FieldError]) -> None:
        super().__init__(detail)
        self.errors = list(errors)

    @classmethod
    def field(cls, field: str, message: str, kind: str) -> ValidationFailed:
        """One bad body field: the detail is the message."""
        return cls(message, errors=[body_error(field, message, kind)])


class TooManyRequests(DomainError):
    status, slug, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str | None = None, *, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))})


class BadGateway(DomainError):
    status, slug, title = 502, "bad-gateway", "Upstream service error"


class ServiceUnavailable(DomainError):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


class GatewayTimeout(DomainError):
    status, slug, title = 504, "gateway-timeout", "Upstream service timed out"


def problem_body(
    *,
    status: int,
    title: str,
    type_: str = "about:blank",
    detail: str | None = None,
    instance: str | None = None,
    errors: Sequence[FieldError] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    request_id = current_request_id()
    if request_id:
        body["request_id"] = request_id
    if errors is not None:
        body["errors"] = [error.model_dump() for error in errors]
    # Extensions add members; they never replace the standard ones.
    body.update({key: value for key, value in (extensions or {}).items() if key not in RESERVED_MEMBERS})
    return body


def problem_response(
    status: int,
    title: str,
    headers: Mapping[str, str] | None = None,
    *,
    type_: str = "about:blank",
    detail: str | None = None,
    instance: str | None = None,
    errors: Sequence[FieldError] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> JSONResponse:
    return JSONResponse(
        problem_body(
            status=status,
            title=title,
            type_=type_,
            detail=detail,
            instance=instance,
            errors=errors,
            extensions=extensions,
        ),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


_NAMED_FIELD = re.compile(r"^(?:Value error, )?(?P<field>[a-z_][a-z0-9_]*): (?P<message>.+)$", re.DOTALL)


def field_errors_from_validation(errors: Sequence[Any]) -> list[FieldError]:
    """Turn pydantic/FastAPI error dicts into :class:`FieldError` items."""
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        location = loc[0] if loc and loc[0] in {"body", "query", "path", "header", "cookie"} else "body"
        path = loc[1:] if loc and loc[0] == location else loc
        message = str(error.get("msg", "invalid"))
        # A rule on the whole body names its field first ("reason: say why ..."): report that field.
        named = None if path else _NAMED_FIELD.match(message)
        if named:
            path, message = [named["field"]], named["message"]
        result.append(
            FieldError(
                field=".".join(path) or location,
                location=location,
                message=message,
                type=str(error.get("type", "invalid")),
            )
        )
    return result


async def _domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    errors = exc.errors if isinstance(exc, ValidationFailed) else None
    return problem_response(
        exc.status,
        exc.title,
        headers=exc.headers,
        type_=exc.type,
        detail=exc.detail,
        instance=request.url.path,
        errors=errors,
        extensions=exc.extensions,
    )


async def _validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    raw = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in raw):
        ctx = next((e.get("ctx") or {} for e in raw if e.get("type") == "json_invalid"), {})
        return problem_response(
            400,
            "Malformed JSON",
            type_=TYPE_PREFIX + "malformed-json",
            detail=f"The request body is not valid JSON: {ctx.get('error', 'decode error')}.",
            instance=request.url.path,
        )
    errors = field_errors_from_validation(raw)
    names = ", ".join(sorted({e.field for e in errors}))
    return problem_response(
        422,
        "Invalid input",
        type_=TYPE_PREFIX + "validation-failed",
        detail=f"Invalid value for: {names}.",
        instance=request.url.path,
        errors=errors,
    )


async def _http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    return problem_response(status, title, headers=exc.headers, detail=detail, instance=request.url.path)


# Seconds a caller is asked to wait when the database does not answer (a restart, a failover).
DATABASE_RETRY_AFTER = 5


# SQLSTATEs of a database that cannot serve now: connection exceptions (class 08), operator
# intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 starting up or shutting down,
# ...), and too many connections (53300). The asyncpg driver's errors for these reach SQLAlchemy
# as a plain DBAPIError, not an OperationalError.
_OUTAGE_SQLSTATE = re.compile(r"08...|57P..|53300")


def _is_outage(exc: DBAPIError) -> bool:
    if isinstance(exc, (OperationalError, InterfaceError)) or exc.connection_invalidated:
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return isinstance(code, str) and _OUTAGE_SQLSTATE.fullmatch(code) is not None


async def _database_unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    """The database (or another service this one depends on) does not answer: 503 with
    ``Retry-After``, and the transaction rolled back, never a 500. The pool drops the broken
    connection, so the service recovers by itself once the database is back. Only the error's
    type is logged: its text may hold a statement's values."""
    if isinstance(exc, DBAPIError) and not _is_outage(exc):
        raise exc
    _log.warning("dependency unavailable: %s", type(exc).__name__)
    unavailable = ServiceUnavailable(
        "A service this request needs is not answering; try again shortly.",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
    )
    return await _domain_error_handler(request, unavailable)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error_handler)
    for unavailable in (DBAPIError, SQLAlchemyTimeoutError, ConnectionError):
        app.add_exception_handler(unavailable, _database_unavailable_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
