"""One OpenAPI document for the whole platform.

The gateway's own operations plus every service's, fetched from the services
and cached. Paths are already public paths (services serve under their public
prefix). Component schemas that clash between documents are renamed with the
service's name; identical ones are shared. operationIds must be unique across the platform
(docs/api.md, "Operation ids"): a clash is an error to fix in the code, not renamed here. Every
proxied operation declares the problems the proxy itself answers when its service
is down, slow or broken (502, 503 with Retry-After, 504), and the 401 and 403 the proxy answers
for a token it refuses, sent to any proxied path, public ones included; the GETs of the search
routes with an anonymous budget (settings ``anonymous_search_paths``) declare its 429.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Collection
from typing import Any

import aiohttp

from imis_shared.errors import PROBLEM_MEDIA_TYPE
from imis_shared.openapi import HEADER_REF, HEADERS, PROBLEM_REF, rewrite_refs
from imis_shared.request_id import current_request_id

logger = logging.getLogger("imis.gateway.openapi")

# What ProxyMiddleware answers itself for a proxied path, whatever the operation (proxy/forward.py).
# A token sent is checked on every path, public ones too: an invalid, expired or revoked one is a 401,
# the token of a user who must change their password first a 403 (a caller that thinks it is signed in
# is told it is not, rather than served as anonymous).
TOKEN_PROBLEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "401": ("The access token is missing where needed, or the token sent is invalid, expired or revoked", ()),
    "403": ("Not allowed, or the user must change their password first", ()),
}
PROXY_PROBLEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "502": ("The service gave the gateway an invalid response", ()),
    "503": ("The service is not reachable (or is unavailable); see Retry-After", ("Retry-After",)),
    "504": ("The service did not answer the gateway in time", ()),
}

# What the proxy answers an anonymous caller over its budget on a search route (AnonymousBudget).
BUDGET_PROBLEMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "429": ("Too many anonymous requests from this address; sign in, or see Retry-After", ("Retry-After",)),
}


def declare_proxy_problems(operation: dict[str, Any], *, budgeted: bool = False) -> None:
    """Add the proxy's own problems to a proxied operation; a status the service declares already
    keeps its description and gains the problem content and headers the proxy sends."""
    responses = operation.setdefault("responses", {})
    problems = {**TOKEN_PROBLEMS, **PROXY_PROBLEMS}
    if budgeted:
        problems.update(BUDGET_PROBLEMS)
    for status, (description, header_names) in problems.items():
        response = responses.setdefault(status, {"description": description})
        response.setdefault("content", {})[PROBLEM_MEDIA_TYPE] = {"schema": {"$ref": PROBLEM_REF}}
        headers = response.setdefault("headers", {})
        for name in ("X-Request-ID", *header_names):
            headers.setdefault(name, {"$ref": HEADER_REF + name})


def merge_documents(
    gateway: dict[str, Any], services: dict[str, dict[str, Any]], budgeted_paths: Collection[str] = ()
) -> dict[str, Any]:
    """Merge service documents into the gateway's; raises ValueError on a path or operationId clash.
    ``budgeted_paths``: the paths whose anonymous GETs have a per-address budget (their 429)."""
    merged = copy.deepcopy(gateway)
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    security_schemes = merged["components"].setdefault("securitySchemes", {})
    operation_ids = {
        operation["operationId"]
        for item in merged.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    tags = {tag["name"]: tag for tag in merged.get("tags", [])}
    for service, document in sorted(services.items()):
        service_schemas = document.get("components", {}).get("schemas", {})
        renames = {
            name: f"{service}_{name}"
            for name, schema in service_schemas.items()
            if name in schemas and schemas[name] != schema
        }
        for name, schema in service_schemas.items():
            schema = rewrite_refs(schema, renames)
            if name in renames and "title" in schema:  # generators name models by title
                schema["title"] = renames[name]
            schemas[renames.get(name, name)] = schema
        for name, scheme in document.get("components", {}).get("securitySchemes", {}).items():
            security_schemes.setdefault(name, scheme)
        for name, header in document.get("components", {}).get("headers", {}).items():
            merged["components"].setdefault("headers", {}).setdefault(name, header)
        public_prefix = f"/api/v1/{service}"
        for path, item in document.get("paths", {}).items():
            if not (path == public_prefix or path.startswith(public_prefix + "/")):
                continue  # e.g. the service's own /health: not reachable through the gateway
            if path in merged.setdefault("paths", {}):
                raise ValueError(f"path {path} is served by two components")
            item = rewrite_refs(item, renames)
            for operation in item.values():
                if not isinstance(operation, dict) or "operationId" not in operation:
                    continue
                if operation["operationId"] in operation_ids:  # generated clients name functions by it
                    raise ValueError(f"duplicate operationId {operation['operationId']}")
                operation_ids.add(operation["operationId"])
            for method, operation in item.items():
                if isinstance(operation, dict):
                    declare_proxy_problems(operation, budgeted=method == "get" and path in budgeted_paths)
            merged["paths"][path] = item
        for tag in document.get("tags", []):
            tags.setdefault(tag["name"], tag)
    if tags:
        merged["tags"] = list(tags.values())
    if services:  # the headers the proxy's problems refer to
        for name in ("X-Request-ID", "Retry-After"):
            merged["components"].setdefault("headers", {}).setdefault(name, HEADERS[name])
    return merged


class MergedOpenAPI:
    """Fetches the services' documents and caches the merged one."""

    def __init__(self, upstreams: dict[str, str], ttl: float, budgeted_paths: Collection[str] = ()) -> None:
        self.upstreams = upstreams
        self.ttl = ttl
        self.budgeted_paths = budgeted_paths
        self._cached: dict[str, Any] | None = None
        self._cached_at = 0.0
        self._lock = asyncio.Lock()

    async def _fetch(self, session: aiohttp.ClientSession, name: str, base: str) -> dict[str, Any] | None:
        headers = {"X-Request-ID": current_request_id() or ""}
        try:
            async with session.get(
                f"{base}/openapi.json", headers=headers, timeout=aiohttp.ClientTimeout(total=5)
            ) as response:
                response.raise_for_status()
                document: dict[str, Any] = await response.json()
                return document
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.warning("could not fetch the %s OpenAPI document: %s", name, error)
            return None

    async def document(self, gateway: dict[str, Any], session: aiohttp.ClientSession) -> dict[str, Any]:
        async with self._lock:
            if self._cached is not None and time.monotonic() - self._cached_at < self.ttl:
                return self._cached
            names = list(self.upstreams)
            fetched = await asyncio.gather(*(self._fetch(session, n, self.upstreams[n]) for n in names))
            services = {name: doc for name, doc in zip(names, fetched, strict=True) if doc is not None}
            missing = sorted(set(names) - set(services))
            merged = merge_documents(gateway, services, self.budgeted_paths)
            merged["info"]["x-imis-missing-services"] = missing
            if not missing:  # a partial document is served but not cached
                self._cached, self._cached_at = merged, time.monotonic()
            return merged
