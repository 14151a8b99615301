"""One merged OpenAPI document for the platform, and offline docs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
import swagger_ui_bundle
from gateway_upstream import broken_upstream, echo_app
from openapi_spec_validator import validate

from imis_gateway.config import GatewaySettings
from imis_gateway.proxy.openapi import merge_documents
from imis_testing import serve_in_thread
from imis_testing.contract import allow_disagreements, path_methods


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
            {"jobs": _document({"/health": _op("health"), "/api/v1/jobs/whoami": _op("get_jobs_identity")})},
        )
        assert set(merged["paths"]) == {"/health", "/api/v1/jobs/whoami"}

    def test_the_budgeted_search_gets_declare_the_budgets_429(self) -> None:
        search = {**_op("search_things"), "post": {"operationId": "make_thing", "responses": {}}}
        merged = merge_documents(
            _document({}),
            {"jobs": _document({"/api/v1/jobs/things": search, "/api/v1/jobs/other": _op("list_other")})},
            budgeted_paths={"/api/v1/jobs/things"},
        )
        things = merged["paths"]["/api/v1/jobs/things"]
        assert set(things["get"]["responses"]["429"]["headers"]) == {"X-Request-ID", "Retry-After"}
        assert "429" not in things["post"]["responses"]
        assert "429" not in merged["paths"]["/api/v1/jobs/other"]["get"]["responses"]

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

    def test_refuses_an_operation_id_used_twice(self) -> None:
        with pytest.raises(ValueError, match="duplicate operationId get_identity"):
            merge_documents(
                _document({"/a": _op("get_identity")}),
                {"jobs": _document({"/api/v1/jobs/w": _op("get_identity")})},
            )

    def test_adds_the_proxys_problems_to_proxied_operations_only(self) -> None:
        jobs_item = _op("b")
        jobs_item["get"]["responses"]["503"] = {"description": "The matching index is rebuilding"}
        merged = merge_documents(
            _document({"/a": _op("a")}), {"jobs": _document({"/api/v1/jobs/b": jobs_item})}
        )
        responses = merged["paths"]["/api/v1/jobs/b"]["get"]["responses"]
        problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        assert {status: responses[status]["content"] for status in ("502", "503", "504")} == {
            "502": problem,
            "503": problem,
            "504": problem,
        }
        assert responses["503"]["description"] == "The matching index is rebuilding"
        assert responses["503"]["headers"]["Retry-After"] == {"$ref": "#/components/headers/Retry-After"}
        assert "Retry-After" not in responses["504"]["headers"]
        assert set(merged["components"]["headers"]) == {"X-Request-ID", "Retry-After"}
        assert set(merged["paths"]["/a"]["get"]["responses"]) == {"200"}

    def test_every_operation_declares_the_proxys_401_and_403(self) -> None:
        # A token sent is checked on public paths too: a revoked one is refused, not ignored.
        secured, public = _op("s"), _op("p")
        secured["get"]["security"] = [{}, {"OAuth2": []}]
        merged = merge_documents(
            _document({}), {"jobs": _document({"/api/v1/jobs/s": secured, "/api/v1/jobs/p": public})}
        )
        assert {"401", "403"} <= set(merged["paths"]["/api/v1/jobs/s"]["get"]["responses"])
        assert {"401", "403"} <= set(merged["paths"]["/api/v1/jobs/p"]["get"]["responses"])

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
        assert "issue_token" in operation_ids and "register_account" in operation_ids
        assert {"get_jobs_ping", "get_info_ping"} <= set(operation_ids)
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


class TestProxyProblemsAreDocumented:
    """What the proxy answers itself when a service is down, slow or broken is in the document, for
    the very operation that was called: status, media type and the headers it sends."""

    @pytest.fixture
    def running(self) -> Iterator[ExitStack]:
        with ExitStack() as stack:
            yield stack

    @pytest.fixture
    def settings(self, settings: GatewaySettings, running: ExitStack) -> GatewaySettings:
        jobs = running.enter_context(serve_in_thread(echo_app()))
        info = running.enter_context(broken_upstream(echo_app().openapi()))
        return settings.model_copy(update={"jobs_url": jobs, "info_url": info, "diaspora_url": jobs})

    @staticmethod
    def declared(document: dict[str, Any], path: str, response: httpx.Response) -> dict[str, Any]:
        declared: dict[str, Any] = document["paths"][path]["get"]["responses"][str(response.status_code)]
        assert response.headers["content-type"] in declared["content"]
        assert declared["content"][response.headers["content-type"]]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
        for header in declared["headers"]:
            assert header.lower() in response.headers, header
        return declared

    async def test_a_slow_service_answers_the_documented_504(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        response = await client.get("/api/v1/jobs/ping", params={"delay": 1.5})  # read timeout: 1 s
        assert response.status_code == 504
        self.declared(document, "/api/v1/jobs/ping", response)

    async def test_a_stopped_service_answers_the_documented_503_with_retry_after(
        self, client: httpx.AsyncClient, running: ExitStack
    ) -> None:
        document = (await client.get("/openapi.json")).json()
        assert document["info"]["x-imis-missing-services"] == []
        assert (await client.get("/api/v1/jobs/ping")).status_code == 200
        running.close()  # stops both upstreams
        response = await client.get("/api/v1/jobs/ping")
        assert response.status_code == 503
        declared = self.declared(document, "/api/v1/jobs/ping", response)
        assert set(declared["headers"]) == {"X-Request-ID", "Retry-After"}
        assert document["components"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
        assert int(response.headers["retry-after"]) > 0

    async def test_a_broken_service_answers_the_documented_502(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        response = await client.get("/api/v1/info/ping")
        assert response.status_code == 502
        assert response.json()["type"] == "urn:imis:problem:bad-gateway"
        self.declared(document, "/api/v1/info/ping", response)

    async def test_every_proxied_operation_declares_them(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        validate(document)
        proxied = [
            item[method]["responses"]
            for path, item in document["paths"].items()
            if path.startswith(("/api/v1/jobs/", "/api/v1/info/"))
            for method in item
        ]
        own = document["paths"]["/api/v1/auth/register"]["post"]["responses"]
        assert len(proxied) == 2
        assert all({"502", "503", "504"} <= set(responses) for responses in proxied)
        assert "502" not in own and "504" not in own  # the gateway's own operations are not proxied


class TestMethodsOfGatewayPaths:
    async def test_every_own_path_names_all_its_methods_in_allow(self, client: httpx.AsyncClient) -> None:
        """The gateway's own paths answer OPTIONS and other methods as every service does (the
        proxied ones are the services' answers, tested through the real platform)."""
        document = (await client.get("/openapi.json")).json()
        own = {
            path: item
            for path, item in document["paths"].items()
            if not path.startswith(("/api/v1/jobs/", "/api/v1/info/", "/api/v1/diaspora/"))
        }
        wrong: list[str] = []
        for path, item in own.items():
            concrete, allow, missing = path_methods(path, item)
            options = await client.options(concrete)
            refused = await client.request(missing, concrete)
            wrong += allow_disagreements(path, allow, options, refused)
        assert len(own) > 10 and wrong == []

    async def test_a_path_of_several_routes_lists_them_all(self, client: httpx.AsyncClient) -> None:
        response = await client.put("/api/v1/admin/users")
        assert response.status_code == 405
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["allow"] == "GET, POST, OPTIONS"  # list_users and create_staff_account
