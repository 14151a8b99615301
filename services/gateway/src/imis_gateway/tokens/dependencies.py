"""The token endpoint's dependencies: the signing keys, and the client credentials of HTTP Basic."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from fastapi import Depends, Request

from imis_gateway.tokens.errors import OAuthError
from imis_gateway.tokens.keys import KeySet


def get_signing_keys(request: Request) -> KeySet:
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
    if not sep:
        raise OAuthError("invalid_client", "Malformed Basic credentials.", status=401)
    return client_id, secret
