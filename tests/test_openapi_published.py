"""docs/openapi.json is the document the gateway publishes, byte for byte: a change to the contract
shows as a diff of that file in the commit that makes it (scripts/openapi_doc.py --write)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from deploy_files import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import openapi_doc


class TestPublishedDocument:
    def test_is_what_the_code_serves(self) -> None:
        assert openapi_doc.DOC.read_text(encoding="utf-8") == openapi_doc.render(), (
            "the API contract changed: review the change, then run "
            ".venv/bin/python scripts/openapi_doc.py --write and commit docs/openapi.json"
        )

    def test_covers_every_component(self) -> None:
        paths = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["paths"]
        for prefix in ("/api/v1/auth/", "/api/v1/jobs/", "/api/v1/diaspora/", "/api/v1/info/"):
            assert any(path.startswith(prefix) for path in paths), prefix

    def test_names_every_schema_once_as_generators_name_it(self) -> None:
        """Generators name a model by its title: each title is its key, a class name, and unique
        across the platform (no module paths, no ``Page_X_``, no ``jobs_`` prefixes of a clash)."""
        schemas = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["components"]["schemas"]
        assert [key for key, schema in schemas.items() if schema.get("title") != key] == []
        assert [key for key in schemas if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", key)] == []

    def test_reads_that_work_anonymously_declare_security_optional(self) -> None:
        """Published vacancies, open projects and verified organisations are public; staff and
        members see more with a token. The document says both (an empty requirement first)."""
        paths = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["paths"]
        optional = sorted(
            path for path, item in paths.items() if {} in (item.get("get", {}).get("security") or [])
        )
        assert optional == [
            "/api/v1/diaspora/organisations",
            "/api/v1/diaspora/organisations/{organisation_id}",
            "/api/v1/diaspora/projects",
            "/api/v1/diaspora/projects/{project_id}",
            "/api/v1/jobs/vacancies",  # staff list job orders awaiting approval
            "/api/v1/jobs/vacancies/{vacancy_id}",
        ]

    def test_cacheable_reads_declare_304_their_validators_and_if_none_match(self) -> None:
        """The info service's public reads answer from public_response: ETag, Cache-Control, Vary,
        and 304 to a current If-None-Match. Exactly those reads say so."""
        paths = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["paths"]
        cached = {
            path: item["get"]
            for path, item in paths.items()
            if "304" in item.get("get", {}).get("responses", {})
        }
        assert sorted(cached) == [
            "/api/v1/info/alerts",
            "/api/v1/info/articles",
            "/api/v1/info/articles/by-slug/{language}/{slug}",
            "/api/v1/info/articles/{article_id}",
            "/api/v1/info/countries",
            "/api/v1/info/countries/{code}",
            "/api/v1/info/offices",
            "/api/v1/info/offices/nearest",
            "/api/v1/info/offices/{office_id}",
            "/api/v1/info/remittances",
            "/api/v1/info/search",
            "/api/v1/info/topics",
        ]
        for path, operation in cached.items():
            assert "If-None-Match" in [p["name"] for p in operation["parameters"]], path
            assert {"ETag", "Cache-Control", "Vary"} <= set(operation["responses"]["200"]["headers"]), path

    def test_declares_how_people_and_machine_clients_get_tokens(self) -> None:
        schemes = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["components"]["securitySchemes"]
        assert list(schemes) == ["OAuth2"]
        flows = schemes["OAuth2"]["flows"]
        assert set(flows) == {"authorizationCode", "password", "clientCredentials"}
        assert {flow["tokenUrl"] for flow in flows.values()} == {"/api/v1/auth/token"}
        assert flows["authorizationCode"]["authorizationUrl"] == "/api/v1/auth/authorize"

    def test_the_token_request_is_one_form_per_grant_type(self) -> None:
        document = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))
        operation = document["paths"]["/api/v1/auth/token"]["post"]
        body = operation["requestBody"]
        assert body["required"] is True
        form = body["content"]["application/x-www-form-urlencoded"]["schema"]
        mapping = form["discriminator"]["mapping"]
        assert form["discriminator"]["propertyName"] == "grant_type"
        assert sorted(mapping) == ["authorization_code", "client_credentials", "password", "refresh_token"]
        assert [ref["$ref"] for ref in form["oneOf"]] == list(mapping.values())
        schemas = document["components"]["schemas"]
        required = {grant: schemas[ref.rsplit("/", 1)[1]]["required"] for grant, ref in mapping.items()}
        assert required == {
            "password": ["grant_type", "username", "password"],
            "refresh_token": ["grant_type", "refresh_token"],
            "client_credentials": ["grant_type"],  # or HTTP Basic
            "authorization_code": ["grant_type", "code", "redirect_uri", "client_id", "code_verifier"],
        }
        for grant, ref in mapping.items():
            assert schemas[ref.rsplit("/", 1)[1]]["properties"]["grant_type"]["const"] == grant
        assert "422" not in operation["responses"]  # RFC 6749 errors only: 400 and 401
        assert operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/OAuthErrorOut"
        )
        page = document["paths"]["/api/v1/auth/authorize"]
        assert "422" not in page["get"]["responses"] and "422" not in page["post"]["responses"]
        assert page["get"]["responses"]["400"]["content"] == {"text/html": {"schema": {"type": "string"}}}
        metadata = document["paths"]["/.well-known/openid-configuration"]["get"]["responses"]["200"]
        assert metadata["content"]["application/json"]["schema"]["$ref"].endswith(
            "/AuthorizationServerMetadata"
        )

    def test_declares_the_answers_these_operations_give(self) -> None:
        """Operations whose document once disagreed with the server (201 on a new country, 401 and
        403 on every alert, an empty 202), each checked against the server in its service's tests."""
        paths = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["paths"]
        put_country = paths["/api/v1/info/countries/{code}"]["put"]["responses"]
        assert {"200", "201"} <= set(put_country) and "content" in put_country["201"]
        assert {"401", "403"} <= set(paths["/api/v1/info/alerts/all"]["get"]["responses"])
        accepted = paths["/api/v1/auth/me/email-verification"]["post"]["responses"]["202"]
        assert "content" not in accepted

    def test_standard_codes_are_one_component_each_wherever_they_occur(self) -> None:
        """Country, subdivision, language, currency, CEFR level, text direction and ESCO id: one
        schema each, shared by every service (the merge finds them identical), referenced from
        bodies and parameters alike, never repeated inline."""
        document = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))
        schemas = document["components"]["schemas"]
        shared = {
            "CountryCode": "pattern",
            "SubdivisionCode": "pattern",
            "LanguageCode": "pattern",
            "CurrencyCode": "pattern",
            "EscoId": "pattern",
            "EscoUri": "pattern",
            "CefrLevel": "enum",
            "ContentLanguage": "enum",
            "TextDirection": "enum",
        }
        assert {name: kind for name, kind in shared.items() if kind in schemas.get(name, {})} == shared
        inline: list[str] = []
        untyped: list[str] = []
        code_names = re.compile(
            r"(.*_)?(country|countries|citizenships?|subdivision|currency|language|languages|lang|"
            r"level|min_level|dir|occupation_id|skill_id)"
        )

        def walk(node: Any, where: str) -> None:
            if isinstance(node, dict):
                enum = node.get("enum")
                if enum and set(enum) <= {
                    "en",
                    "fr",
                    "it",
                    "ar",
                    "ltr",
                    "rtl",
                    "A1",
                    "A2",
                    "B1",
                    "B2",
                    "C1",
                    "C2",
                }:
                    inline.append(where)
                for key, value in node.items():
                    walk(value, f"{where}/{key}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{where}/{index}")

        for name, schema in schemas.items():
            if name not in shared:
                walk(schema, name)
                for field, definition in schema.get("properties", {}).items():
                    if (
                        code_names.fullmatch(field)
                        and "$ref" not in json.dumps(definition)
                        and "integer" not in json.dumps(definition)
                    ):
                        untyped.append(f"{name}.{field}")
        for path, item in document["paths"].items():
            for method, operation in item.items():
                walk(operation.get("parameters", []), f"{method} {path}")
                for parameter in operation.get("parameters", []):
                    schema = json.dumps(parameter.get("schema", {}))
                    if (
                        code_names.fullmatch(parameter["name"])
                        and "$ref" not in schema
                        and "integer" not in schema
                    ):
                        untyped.append(f"{method} {path} {parameter['name']}")
        assert inline == []
        assert untyped == [], untyped

    def test_request_bodies_leave_defaults_optional_and_responses_require_what_they_always_send(self) -> None:
        """openapi-typescript makes a property with a ``default`` required: request schemas carry
        none (the description says it). Response schemas require every member the server always
        sends; only problems and the token answer leave members out (RFC 9457, RFC 6749)."""
        document = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))
        schemas = document["components"]["schemas"]

        def reachable(node: Any, found: set[str]) -> set[str]:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == "$ref" and value.startswith("#/components/schemas/"):
                        name = value.rsplit("/", 1)[1]
                        if name not in found:
                            found.add(name)
                            reachable(schemas[name], found)
                    else:
                        reachable(value, found)
            elif isinstance(node, list):
                for item in node:
                    reachable(item, found)
            return found

        operations = [
            op for item in document["paths"].values() for op in item.values() if isinstance(op, dict)
        ]
        requests = reachable([op.get("requestBody", {}) for op in operations], set())
        responses = reachable([op["responses"] for op in operations], set())
        assert [
            f"{name}.{field}"
            for name in sorted(requests)
            for field, definition in schemas[name].get("properties", {}).items()
            if "default" in definition
        ] == []
        optional = {
            name: sorted(set(schemas[name].get("properties", {})) - set(schemas[name].get("required", [])))
            for name in sorted(responses)
        }
        assert {name: fields for name, fields in optional.items() if fields} == {
            "Problem": sorted(set(schemas["Problem"]["properties"]) - {"status", "title"}),
            "TokenOut": ["refresh_token", "scope"],
        }
        assert schemas["VacancyCreate"]["properties"]["employer_pays_travel"]["description"].endswith(
            "Default: `false`."
        )

    def test_optional_parameters_are_never_null(self) -> None:
        paths = json.loads(openapi_doc.DOC.read_text(encoding="utf-8"))["paths"]
        nullable = [
            f"{method} {path} {parameter['name']}"
            for path, item in paths.items()
            for method, operation in item.items()
            for parameter in operation.get("parameters", [])
            if '"null"' in json.dumps(parameter["schema"])
        ]
        assert nullable == []
