"""One merged OpenAPI document for the platform, and offline docs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import swagger_ui_bundle
from openapi_spec_validator import validate

from imis_gateway.proxy.openapi import merge_documents


def _document(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def _op(operation_id: str, ref: str | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}} if ref else {}
    return {
        "get": {"operationId": operation_id, "responses": {"200": {"description": "ok", "content": content}}}
    }


class TestMergeDocuments:
    def test_keeps_only_public_paths_of_each_service(self) -> None:
        merged = merge_documents(
            _document({"/health": _op("gw_health")}),
            {"jobs": _document({"/health": _op("health"), "/api/v1/jobs/whoami": _op("jobs_whoami")})},
        )
        assert set(merged["paths"]) == {"/health", "/api/v1/jobs/whoami"}

    def test_renames_clashing_schemas_and_their_references(self) -> None:
        gateway = _document({"/a": _op("a", "Item")}, {"Item": {"type": "string"}})
        jobs = _document({"/api/v1/jobs/b": _op("b", "Item")}, {"Item": {"type": "integer"}})
        merged = merge_documents(gateway, {"jobs": jobs})
        assert merged["components"]["schemas"]["Item"] == {"type": "string"}
        assert merged["components"]["schemas"]["jobs_Item"] == {"type": "integer"}
        ref = merged["paths"]["/api/v1/jobs/b"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"
        ]
        assert ref == {"$ref": "#/components/schemas/jobs_Item"}

    def test_a_renamed_schema_keeps_its_title_equal_to_its_key(self) -> None:
        gateway = _document({"/a": _op("a", "Item")}, {"Item": {"title": "Item", "type": "string"}})
        jobs = _document({"/api/v1/jobs/b": _op("b", "Item")}, {"Item": {"title": "Item", "type": "integer"}})
        merged = merge_documents(gateway, {"jobs": jobs})
        assert merged["components"]["schemas"]["jobs_Item"]["title"] == "jobs_Item"
        assert merged["components"]["schemas"]["Item"]["title"] == "Item"

    def test_shares_identical_schemas(self) -> None:
        problem = {"type": "object", "title": "Problem"}
        merged = merge_documents(
            _document({}, {"Problem": problem}),
            {"info": _document({"/api/v1/info/x": _op("x", "Problem")}, {"Problem": problem})},
        )
        assert "info_Problem" not in merged["components"]["schemas"]

    def test_makes_clashing_operation_ids_unique(self) -> None:
        merged = merge_documents(
            _document({"/a": _op("whoami")}), {"jobs": _document({"/api/v1/jobs/w": _op("whoami")})}
        )
        assert merged["paths"]["/api/v1/jobs/w"]["get"]["operationId"] == "jobs_whoami"

    def test_refuses_a_path_served_twice(self) -> None:
        with pytest.raises(ValueError, match="served by two"):
            merge_documents(
                _document({"/api/v1/jobs/x": _op("a")}), {"jobs": _document({"/api/v1/jobs/x": _op("b")})}
            )


class TestGatewayDocument:
    async def test_is_valid_openapi_with_gateway_and_service_operations(
        self, client: httpx.AsyncClient
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        validate(document)
        operation_ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
        assert len(operation_ids) == len(set(operation_ids))
        assert "auth_issue_token" in operation_ids and "auth_register" in operation_ids
        assert {"jobs_ping", "info_ping"} <= set(operation_ids)
        assert "/api/v1/jobs/ping" in document["paths"] and "/api/v1/info/ping" in document["paths"]
        assert document["info"]["x-imis-missing-services"] == ["diaspora"]

    async def test_validation_errors_are_documented_as_problems(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        register = document["paths"]["/api/v1/auth/register"]["post"]["responses"]
        assert register["422"]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        assert "HTTPValidationError" not in document["components"]["schemas"]

    async def test_docs_work_offline(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/docs")
        assert page.status_code == 200
        assert "/docs/static/swagger-ui-bundle.js" in page.text and "cdn" not in page.text.lower()
        asset = await client.get("/docs/static/swagger-ui-bundle.js")
        assert asset.status_code == 200 and len(asset.content) > 100_000

    def test_bundled_swagger_ui_renders_openapi_3_1(self) -> None:
        # Swagger UI 4 shows "Unable to render this definition" for OpenAPI 3.1, which FastAPI emits.
        version = Path(swagger_ui_bundle.swagger_ui_path).name.removeprefix("swagger-ui-")
        assert int(version.split(".")[0]) >= 5

    async def test_token_endpoint_errors_keep_the_oauth_format(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        responses = document["paths"]["/api/v1/auth/token"]["post"]["responses"]
        assert responses["400"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/OAuthErrorOut"
        }
        assert responses["429"]["content"] == {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        }

    async def test_every_gateway_operation_says_who_may_call_it(self, client: httpx.AsyncClient) -> None:
        # The services' operations are checked by each service's contract tests.
        services = ("/api/v1/jobs/", "/api/v1/diaspora/", "/api/v1/info/")
        document = (await client.get("/openapi.json")).json()
        silent = [
            f"{method.upper()} {path}"
            for path, item in document["paths"].items()
            for method, operation in item.items()
            if not path.startswith(services) and not operation.get("description", "").strip()
        ]
        assert silent == []
