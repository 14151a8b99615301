"""OAuth2 token-endpoint errors, rendered as RFC 6749 §5.2 specifies."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import JSONResponse


class OAuthError(Exception):
    # The audit event and any token revocation made before refusing are kept.
    keep_changes = True

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


async def oauth_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OAuthError)
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="imis", error="invalid_client"'
    return JSONResponse(
        {"error": exc.error, "error_description": exc.description}, status_code=exc.status, headers=headers
    )
