"""OpenAPI that says what the API really returns: problem+json errors, and schemas named as
generated clients name them.

FastAPI documents 422 with its own ``HTTPValidationError``; our handlers send
RFC 9457 problems instead, so the schema is rewritten to match, and every
operation lists the problem responses common to all routes.

Client generators name a model by its schema's ``title``, FastAPI keys a schema by a name it
makes unique (``Page_VacancyOut_``, ``imis_jobs__seekers__schemas__SkillOut``): each schema is
keyed by its title instead, and two schemas with one title are an error to fix in the code.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from imis_shared.auth import (
    ANYONE,
    AUDIENCE_KEY,
    dependency_calls,
    get_principal,
    require_authenticated,
    route_audience,
)
from imis_shared.errors import PROBLEM_MEDIA_TYPE, Problem

REF_PREFIX = "#/components/schemas/"
PROBLEM_REF = REF_PREFIX + "Problem"
COMMON_PROBLEMS = {
    "400": "Malformed request (e.g. invalid JSON)",
    "413": "Request body too large",
    "415": "Unsupported media type",
    "422": "Invalid input; `errors` names each bad field",
    "500": "Unexpected error",
}
BODY_METHODS = {"post", "put", "patch"}
# Markers a route's openapi_extra may carry, consumed (and removed) when the document is built.
FORM_SCHEMAS_KEY = "x-imis-form-schemas"
UNVALIDATED_KEY = "x-imis-unvalidated"
# For a route whose parameters FastAPI never refuses (plain optional strings, a form the route reads
# itself): it answers no 422 problem, so none is documented.
UNVALIDATED: dict[str, Any] = {UNVALIDATED_KEY: True}


def form_request_body(
    *models: type[BaseModel], discriminator: str | None = None, mapping: dict[str, str] | None = None
) -> dict[str, Any]:
    """openapi_extra of a route that reads its form itself (so that it can answer in its own
    format): the form's schema, or a ``oneOf`` of them told apart by ``discriminator``, with the
    models registered as component schemas. ``mapping``: discriminator value → model name."""
    schemas: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF_PREFIX + "{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    refs = [{"$ref": REF_PREFIX + model.__name__} for model in models]
    body: dict[str, Any] = refs[0] if len(refs) == 1 else {"oneOf": refs}
    if discriminator:
        body["discriminator"] = {"propertyName": discriminator}
        if mapping:
            body["discriminator"]["mapping"] = {key: REF_PREFIX + name for key, name in mapping.items()}
    return {
        "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": body}}},
        FORM_SCHEMAS_KEY: schemas,
        **UNVALIDATED,
    }


def register_form_schemas(schema: dict[str, Any]) -> dict[str, Any]:
    """Move the schemas of ``form_request_body`` routes into the components."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict):
                components.update(operation.pop(FORM_SCHEMAS_KEY, {}))
    return schema


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
            validated = not operation.pop(UNVALIDATED_KEY, False)
            if not validated:
                responses.pop("422", None)  # FastAPI documents one for any parameter
            has_input = validated and (bool(operation.get("parameters")) or "requestBody" in operation)
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


def rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    """``node`` with every ``$ref`` to a renamed component schema pointing at its new name."""
    if isinstance(node, dict):
        return {
            key: (
                REF_PREFIX + renames.get(value[len(REF_PREFIX) :], value[len(REF_PREFIX) :])
                if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX)
                else rewrite_refs(value, renames)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [rewrite_refs(item, renames) for item in node]
    return node


FORM_MEDIA_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _pascal(snake: str) -> str:
    return "".join(part.capitalize() for part in snake.split("_"))


def _operations(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if isinstance(operation, dict) and "operationId" in operation:
                yield operation


def name_generated_schemas(schema: dict[str, Any]) -> dict[str, Any]:
    """Readable names for the schemas FastAPI makes up from an operationId.

    A body of several parameters (a form, an upload) is titled ``Body_<operationId>``: it becomes
    ``<OperationId>Form`` (a form or multipart body) or ``<OperationId>Body`` (JSON), e.g.
    ``IssueTokenForm``. A model whose response schema differs from its request schema (fields
    with a default are always present in a response) is two schemas, ``<Name>-Input`` and
    ``<Name>-Output``: the request keeps the name, the response is ``<Name>Out``. An inline
    response is titled ``Response <Operation Id>``, which generators prefix with the operation's
    name again (``GetXResponseGetX``): the title goes, and they name it after the operation alone.
    """
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    for key, definition in components.items():
        if key.endswith("-Output") and isinstance(definition.get("title"), str):
            definition["title"] += "Out"
    for operation in _operations(schema):
        for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
            ref = content.get("schema", {}).get("$ref", "")
            definition = components.get(ref[len(REF_PREFIX) :]) if ref.startswith(REF_PREFIX) else None
            if definition and definition.get("title") == f"Body_{operation['operationId']}":
                suffix = "Form" if media_type in FORM_MEDIA_TYPES else "Body"
                definition["title"] = _pascal(operation["operationId"]) + suffix
        for response in operation.get("responses", {}).values():
            for content in response.get("content", {}).values():
                inline = content.get("schema", {})
                if str(inline.get("title", "")).startswith("Response "):
                    del inline["title"]
    return schema


def _referenced(node: Any, components: dict[str, Any], found: set[str]) -> set[str]:
    """Names of the component schemas ``node`` refers to, directly or through other components."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                name = value[len(REF_PREFIX) :]
                if name not in found and name in components:
                    found.add(name)
                    _referenced(components[name], components, found)
            else:
                _referenced(value, components, found)
    elif isinstance(node, list):
        for item in node:
            _referenced(item, components, found)
    return found


def request_defaults_optional(schema: dict[str, Any]) -> dict[str, Any]:
    """A request body's defaulted fields stay optional in generated TypeScript.

    FastAPI documents request bodies with pydantic's validation-mode schemas (separate from the
    responses' serialization-mode ones), where a field with a server-side default is not
    ``required``. openapi-typescript (``defaultNonNullable``, on by default) nevertheless makes every
    property that carries a ``default`` a required one, so callers would have to send what the server
    fills in. In the schemas request bodies use, the default moves into the description."""
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    bodies = [
        operation["requestBody"]
        for item in schema.get("paths", {}).values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
    ]
    for name in sorted(_referenced(bodies, components, set())):
        for field in components[name].get("properties", {}).values():
            if "default" in field:
                default = json.dumps(field.pop("default"), ensure_ascii=False)
                note = f"Default: `{default}`."
                field["description"] = f"{field['description']} {note}" if field.get("description") else note
    return schema


def parameters_never_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional query or header parameter is absent or has a value; it is never ``null``.

    FastAPI documents ``x: str | None = None`` as ``anyOf: [string, null]``, which typed clients turn
    into ``string | null`` (and would send as the text "null"): ``required: false`` already says
    the parameter may be left out."""
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                parameter_schema = parameter.get("schema", {})
                variants = parameter_schema.get("anyOf")
                if parameter.get("required") or not variants or {"type": "null"} not in variants:
                    continue
                kept = [variant for variant in variants if variant != {"type": "null"}]
                rest = {
                    key: value
                    for key, value in parameter_schema.items()
                    if key != "anyOf" and not (key == "default" and value is None)
                }
                parameter["schema"] = {**kept[0], **rest} if len(kept) == 1 else {"anyOf": kept, **rest}
    return schema


def name_schemas_by_title(schema: dict[str, Any]) -> dict[str, Any]:
    """Key every component schema by its (readable) ``title``; ValueError if two schemas share one."""
    components: dict[str, Any] = name_generated_schemas(schema).get("components", {}).get("schemas", {})
    renames = {
        key: definition["title"]
        for key, definition in components.items()
        if isinstance(definition.get("title"), str) and definition["title"] != key
    }
    if not renames:
        return schema
    names = [renames.get(key, key) for key in components]
    shared = sorted({name for name in names if names.count(name) > 1})
    if shared:
        raise ValueError(f"schemas share the title(s) {', '.join(shared)}: give each class its own name")
    renamed: dict[str, Any] = rewrite_refs(schema, renames)
    renamed["components"]["schemas"] = {
        renames.get(key, key): definition for key, definition in renamed["components"]["schemas"].items()
    }
    return renamed


def declare_optional_security(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """Routes that take the caller's token when there is one but work without it (a published
    vacancy, an open project: staff see more) say so: ``security: [{}, {<scheme>: []}]``, so
    generated clients may call them anonymously. FastAPI marks every route using the scheme as
    requiring it."""
    for route in iter_route_contexts(routes):  # included routers expand to their routes, as get_openapi's
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        calls = set(dependency_calls(route.dependant))
        if get_principal not in calls or require_authenticated in calls:
            continue
        for method in route.methods or ():
            operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation and operation.get("security") and {} not in operation["security"]:
                operation["security"] = [{}, *operation["security"]]
    return schema


def declare_audience(schema: dict[str, Any], routes: list[Any]) -> dict[str, Any]:
    """Each operation's ``x-imis-audience`` (imis_shared.auth): as the route declares it, else from its
    role dependencies, else ``anyone`` for a route that takes no token at all. A route that takes a
    token and decides in its body who may call it has none until it declares one, and the
    authorisation tests fail on it."""
    for route in iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        declared = route_audience(route.original_route)
        for method in route.methods or ():
            operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if not operation:
                continue
            if declared:
                operation[AUDIENCE_KEY] = declared
            elif "security" not in operation:
                operation[AUDIENCE_KEY] = [ANYONE]
    return schema


HEADERS: dict[str, Any] = {
    "X-Request-ID": {
        "description": "The request's id (yours if you sent a valid one): quote it when reporting a problem.",
        "schema": {"type": "string"},
    },
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}},
    # Of cacheable public reads (a service lists them on those responses with header_refs):
    "ETag": {
        "description": "A hash of the body; send it back in `If-None-Match`.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"description": "`public, max-age=<seconds>`.", "schema": {"type": "string"}},
    "Vary": {"description": "`Accept-Language`: the body depends on it.", "schema": {"type": "string"}},
    "Content-Language": {
        "description": "The language of the content, where it has one.",
        "schema": {"type": "string"},
    },
}
HEADER_REF = "#/components/headers/"


def header_refs(*names: str) -> dict[str, Any]:
    """``headers`` of a documented response: references to the shared header components."""
    unknown = set(names) - set(HEADERS)
    if unknown:
        raise ValueError(f"no header component {sorted(unknown)}")
    return {name: {"$ref": HEADER_REF + name} for name in names}


def declare_response_headers(schema: dict[str, Any]) -> dict[str, Any]:
    """Every response carries ``X-Request-ID``; 429 and 503 also ``Retry-After``."""
    schema.setdefault("components", {}).setdefault("headers", {}).update(HEADERS)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for status, response in operation.get("responses", {}).items():
                headers = response.setdefault("headers", {})
                headers.setdefault("X-Request-ID", {"$ref": HEADER_REF + "X-Request-ID"})
                if status in {"429", "503"}:
                    headers.setdefault("Retry-After", {"$ref": HEADER_REF + "Retry-After"})
    return schema


# Text holding a NUL character is refused everywhere (imis_shared.http.refuse_nul_characters); a
# string the document constrains no other way says so with this pattern.
TEXT_WITHOUT_NUL = "^[^\\u0000]*$"
_CONSTRAINED = ("pattern", "enum", "const", "format", "$ref")
_VALUES = ("examples", "example", "default", "enum", "const")  # data, not schemas
_NAMED = ("properties", "patternProperties", "$defs", "schemas")


def declare_text_without_nul(schema: dict[str, Any]) -> dict[str, Any]:
    """Every free-text string of the document (no pattern, enum or format of its own) gets the
    pattern ``TEXT_WITHOUT_NUL``: what the server refuses, the document does not admit."""

    def visit(node: Any, named: bool = False) -> None:
        """``named``: ``node`` maps names to schemas (``properties``), not a schema itself."""
        if isinstance(node, dict):
            if named:
                for value in node.values():
                    visit(value)
                return
            if node.get("type") == "string" and not any(key in node for key in _CONSTRAINED):
                node["pattern"] = TEXT_WITHOUT_NUL
            for key, value in node.items():
                if key not in _VALUES:
                    visit(value, named=key in _NAMED)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema.get("components", {}).get("schemas", {}), named=True)
    for operation in _operations(schema):
        visit(operation.get("parameters", []))
        visit(operation.get("requestBody", {}))
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
                separate_input_output_schemas=True,  # a body's defaults are optional, a response's present
            )
            schema = register_form_schemas(schema)
            schema = request_defaults_optional(parameters_never_null(schema))
            schema = declare_optional_security(rewrite_problem_responses(schema), app.routes)
            schema = declare_audience(schema, app.routes)
            schema = declare_text_without_nul(declare_response_headers(schema))
            app.openapi_schema = name_schemas_by_title(schema)
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]
