"""HTTP caching of public GETs: a content ``ETag``, ``Cache-Control`` and 304 on ``If-None-Match``.

The tag is a hash of the exact body sent, so it changes whenever anything in the response
does (a new translation, an edited label, an alert that expired) and never needs invalidating.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from imis_shared.openapi import header_refs

VARY = "Accept-Language"
_VALIDATORS = ("ETag", "Cache-Control", "Vary")


async def if_none_match(
    header: Annotated[
        str | None,
        Header(
            alias="If-None-Match",
            description="ETags you hold; 304 without a body when the current one is among them.",
        ),
    ] = None,
) -> str | None:
    """Declares the header in the document; ``public_response`` reads it from the request itself."""
    return header


def cached(responses: dict[int | str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Keyword arguments of a public GET answered by ``public_response``: it documents the
    ``If-None-Match`` header, the validators of its 200, and its 304."""
    return {
        "dependencies": [Depends(if_none_match)],
        "responses": {
            **(responses or {}),
            200: {"headers": header_refs(*_VALIDATORS, "Content-Language")},
            304: {"description": "Not modified: your copy is current.", "headers": header_refs(*_VALIDATORS)},
        },
    }


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def tag_listed(header: str | None, tag: str) -> bool:
    """Whether an ``If-None-Match`` or ``If-Match`` list names ``tag`` (weak or strong) or is ``*``."""
    if not header:
        return False
    candidates = {candidate.strip().removeprefix("W/") for candidate in header.split(",")}
    return "*" in candidates or tag in candidates


def _json_ready(content: Any) -> Any:
    """What ``jsonable_encoder`` makes of ``content``, without walking a model's values one by one
    again after pydantic has dumped them (that walk cost more than the rest of a small page)."""
    if isinstance(content, BaseModel):
        return content.model_dump(mode="json", by_alias=True)
    if isinstance(content, list) and all(isinstance(item, BaseModel) for item in content):
        return [item.model_dump(mode="json", by_alias=True) for item in content]
    return jsonable_encoder(content)


def public_response(request: Request, content: Any, *, language: str | None = None) -> Response:
    """``content`` as JSON that shared caches may keep for ``public_cache_seconds`` (the bytes
    ``JSONResponse`` would send)."""
    body = json.dumps(
        _json_ready(content), ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")
    tag = entity_tag(body)
    max_age: int = request.app.state.settings.public_cache_seconds
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}", "Vary": VARY}
    if language:
        headers["Content-Language"] = language
    if tag_listed(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)
