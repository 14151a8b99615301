"""The token endpoint's dependencies: the signing keys, the client credentials of HTTP Basic, and
the request form read and validated by its grant type."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Request
from pydantic import ValidationError

from imis_gateway.tokens.errors import OAuthError
from imis_gateway.tokens.keys import KeySet
from imis_gateway.tokens.schemas import GRANT_FORMS, GrantForm, GrantType
from imis_shared.http import require_form_body


async def get_signing_keys(request: Request) -> KeySet:
    keys: KeySet = request.app.state.signing_keys
    return keys


SigningKeys = Annotated[KeySet, Depends(get_signing_keys)]


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """The client id and secret of an ``Authorization: Basic`` header, None without one."""
    header = request.headers.get("authorization")
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError("invalid_client", "Malformed Basic credentials.", status=401) from None
    client_id, sep, secret = decoded.partition(":")
    if not sep or "\x00" in decoded:
        raise OAuthError("invalid_client", "Malformed Basic credentials.", status=401)
    return client_id, secret


async def read_token_form(request: Request) -> GrantForm:
    """The token request's form, validated by the model of its grant type; RFC 6749 errors."""
    require_form_body(request)
    form = await request.form()
    repeated = sorted({key for key, _ in form.multi_items() if len(form.getlist(key)) > 1})
    if repeated:
        raise OAuthError("invalid_request", f"Parameters sent more than once: {', '.join(repeated)}.")
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    # No text column stores a NUL (PostgreSQL refuses one): refused here in RFC 6749's format.
    with_nul = sorted(key for key, value in fields.items() if "\x00" in key or "\x00" in value)
    if with_nul:
        raise OAuthError("invalid_request", f"Parameters holding a NUL character: {', '.join(with_nul)}.")
    grant_type = fields.get("grant_type")
    if not grant_type:
        raise OAuthError("invalid_request", "The parameter 'grant_type' is required.")
    try:
        model = GRANT_FORMS[GrantType(grant_type)]
    except ValueError:
        raise OAuthError("unsupported_grant_type", f"Grant type {grant_type!r} is not supported.") from None
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        names = sorted({str(issue["loc"][0]) for issue in error.errors() if issue["loc"]})
        raise OAuthError(
            "invalid_request",
            f"Missing or malformed for grant type {grant_type!r}: {', '.join(names)}.",
        ) from None


TokenForm = Annotated[GrantForm, Depends(read_token_form)]
