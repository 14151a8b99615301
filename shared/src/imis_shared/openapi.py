"""OpenAPI that says what the API really returns: problem+json errors.

FastAPI documents 422 with its own ``HTTPValidationError``; our handlers send
RFC 9457 problems instead, so the schema is rewritten to match, and every
operation lists the problem responses common to all routes.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from imis_shared.errors import PROBLEM_MEDIA_TYPE, Problem

PROBLEM_REF = "#/components/schemas/Problem"
COMMON_PROBLEMS = {
    "400": "Malformed request (e.g. invalid JSON)",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "422": "Invalid input; `errors` names each bad field",
    "500": "Unexpected error",
}
BODY_METHODS = {"post", "put", "patch"}


def _problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}


def _undocumented(response: dict[str, Any]) -> bool:
    """True when an error response has no schema of its own (so it is a problem)."""
    content = response.get("content")
    if not content:
        return True
    schema = content.get("application/json", {}).get("schema")
    if "application/json" in content and (
        not schema or schema.get("$ref", "").endswith("/HTTPValidationError")
    ):
        return True
    return PROBLEM_MEDIA_TYPE in content and not content[PROBLEM_MEDIA_TYPE]


def rewrite_problem_responses(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem_schema.pop("$defs", {}).items():
        components[name] = definition
    components["Problem"] = problem_schema
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            has_input = bool(operation.get("parameters")) or "requestBody" in operation
            for status, description in COMMON_PROBLEMS.items():
                if status in {"400", "413", "415"} and method not in BODY_METHODS:
                    continue
                if status == "422" and not has_input:
                    continue
                entry = responses.setdefault(status, {"description": description})
                if status == "422" or _undocumented(entry):
                    entry["content"] = _problem_content()
            for status, entry in responses.items():
                if status[0] in "45" and _undocumented(entry):
                    entry["content"] = _problem_content()
    return schema


def problem_openapi(app: FastAPI) -> None:
    """Install an ``app.openapi`` that documents problem+json errors."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = rewrite_problem_responses(schema)
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
