"""OpenAPI: errors are documented as problem+json and the document is valid OpenAPI."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Body, Depends, FastAPI, Form
from openapi_spec_validator import validate
from pydantic import BaseModel

from imis_shared.app import api_router
from imis_shared.auth import CurrentPrincipal, OptionalPrincipal, Principal, require_roles
from imis_shared.errors import PROBLEM_MEDIA_TYPE, NotFound, problem_responses
from imis_shared.openapi import PROBLEM_REF, header_refs, name_schemas_by_title, rewrite_problem_responses
from imis_shared.pagination import Page, PageParamsDep
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
PROBLEM_CONTENT = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}


class Vacancy(BaseModel):
    title: str


class OAuthError(BaseModel):
    """An RFC 6749 error body: documented as it is, not as a problem."""

    error: str


def catalogue_router() -> APIRouter:
    router = api_router(prefix="/api/v1/demo", tags=["demo"])

    @router.get("/vacancies")
    async def list_vacancies(page: PageParamsDep) -> Page[Vacancy]:
        return Page(items=[], total=0, limit=page.limit, offset=page.offset)

    @router.post("/vacancies", status_code=201)
    async def create_vacancy(vacancy: Vacancy, principal: CurrentPrincipal) -> Vacancy:
        return vacancy

    @router.get("/vacancies/{vacancy_id}", responses={404: {"description": "No such vacancy"}})
    async def get_vacancy(vacancy_id: int) -> Vacancy:
        raise NotFound()

    @router.delete(
        "/vacancies/{vacancy_id}",
        status_code=204,
        responses={409: {"description": "Still open", "content": {PROBLEM_MEDIA_TYPE: {}}}},
    )
    async def delete_vacancy(vacancy_id: int) -> None:
        return None

    @router.post("/token", responses={400: {"description": "RFC 6749 error", "model": OAuthError}})
    async def token(vacancy: Vacancy) -> dict[str, str]:
        return {}

    @router.get("/ping")
    async def ping() -> dict[str, str]:
        return {"pong": "yes"}

    return router


@pytest.fixture
async def document(make_app: AppFactory) -> dict[str, Any]:
    async with app_client(make_app([catalogue_router()])) as client:
        response = await client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


class TestProblemDocumentation:
    def test_the_document_is_valid_openapi(self, document: dict[str, Any]) -> None:
        validate(document)

    def test_fastapis_validation_error_schemas_are_gone(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        assert "HTTPValidationError" not in schemas
        assert "ValidationError" not in schemas
        assert "HTTPValidationError" not in json.dumps(document)

    def test_problem_and_field_error_schemas_are_components(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        assert set(schemas["Problem"]["required"]) == {"title", "status"}
        assert schemas["Problem"]["properties"]["errors"]["items"] == {
            "$ref": "#/components/schemas/FieldError"
        }
        assert "FieldError" in schemas
        assert "$defs" not in schemas["Problem"]

    def test_problem_members_that_may_be_absent_are_never_null(self, document: dict[str, Any]) -> None:
        """The server leaves an inapplicable member out; the schema must not promise null instead
        (a generator would make a nullable type, and ``reason`` a ``ReasonType0`` model)."""
        members = document["components"]["schemas"]["Problem"]["properties"]
        for name, member in members.items():
            assert "anyOf" not in member and member.get("default", "") is not None, name

    @pytest.mark.parametrize(
        ("path", "method"),
        [
            ("/api/v1/demo/vacancies", "get"),
            ("/api/v1/demo/vacancies", "post"),
            ("/api/v1/demo/vacancies/{vacancy_id}", "get"),
        ],
    )
    def test_422_is_a_problem(self, document: dict[str, Any], path: str, method: str) -> None:
        response = document["paths"][path][method]["responses"]["422"]
        assert response["content"] == PROBLEM_CONTENT

    def test_every_error_response_without_its_own_schema_is_a_problem(self, document: dict[str, Any]) -> None:
        seen = 0
        for path, path_item in document["paths"].items():
            for operation in path_item.values():
                for status, response in operation["responses"].items():
                    if status[0] in "45" and (path, status) != ("/api/v1/demo/token", "400"):
                        seen += 1
                        assert response["content"] == PROBLEM_CONTENT, (path, status)
        assert seen > 10

    def test_an_error_documented_with_its_own_schema_is_kept(self, document: dict[str, Any]) -> None:
        response = document["paths"]["/api/v1/demo/token"]["post"]["responses"]["400"]
        assert response["description"] == "RFC 6749 error"
        assert response["content"] == {
            "application/json": {"schema": {"$ref": "#/components/schemas/OAuthError"}}
        }

    def test_body_operations_document_400_413_415(self, document: dict[str, Any]) -> None:
        responses = document["paths"]["/api/v1/demo/vacancies"]["post"]["responses"]
        assert {"400", "413", "415", "422", "500"} <= set(responses)

    def test_reads_do_not_document_body_errors(self, document: dict[str, Any]) -> None:
        responses = document["paths"]["/api/v1/demo/vacancies"]["get"]["responses"]
        assert not {"400", "413", "415"} & set(responses)
        assert {"422", "500"} <= set(responses)

    def test_operations_without_input_do_not_document_422(self, document: dict[str, Any]) -> None:
        responses = document["paths"]["/api/v1/demo/ping"]["get"]["responses"]
        assert "422" not in responses
        assert "500" in responses

    def test_a_declared_error_without_a_schema_becomes_a_problem(self, document: dict[str, Any]) -> None:
        response = document["paths"]["/api/v1/demo/vacancies/{vacancy_id}"]["get"]["responses"]["404"]
        assert response["description"] == "No such vacancy"
        assert response["content"] == PROBLEM_CONTENT

    def test_a_declared_problem_without_a_schema_gets_the_problem_schema(
        self, document: dict[str, Any]
    ) -> None:
        response = document["paths"]["/api/v1/demo/vacancies/{vacancy_id}"]["delete"]["responses"]["409"]
        assert response["content"] == PROBLEM_CONTENT

    def test_operation_ids_are_the_function_names(self, document: dict[str, Any]) -> None:
        ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
        assert {
            "list_vacancies",
            "create_vacancy",
            "get_vacancy",
            "ping",
            "get_health",
            "get_readiness",
        } <= ids

    def test_the_bearer_scheme_points_at_the_gateways_token_endpoint(self, document: dict[str, Any]) -> None:
        schemes = document["components"]["securitySchemes"]
        assert [scheme["flows"]["password"]["tokenUrl"] for scheme in schemes.values()] == [
            "/api/v1/auth/token"
        ]
        assert document["paths"]["/api/v1/demo/vacancies"]["post"]["security"]

    def test_the_success_responses_keep_their_schemas(self, document: dict[str, Any]) -> None:
        ok = document["paths"]["/api/v1/demo/vacancies/{vacancy_id}"]["get"]["responses"]["200"]
        assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Vacancy"}


class TestOpenApiSwitches:
    async def test_no_docs_ui_is_served(self, make_app: AppFactory) -> None:
        async with app_client(make_app()) as client:
            assert (await client.get("/docs")).status_code == 404
            assert (await client.get("/redoc")).status_code == 404

    async def test_the_document_can_be_turned_off(self, make_app: AppFactory) -> None:
        async with app_client(make_app(openapi_url=None)) as client:
            assert (await client.get("/openapi.json")).status_code == 404

    def test_the_document_is_built_once(self, make_app: AppFactory) -> None:
        app = make_app([catalogue_router()])
        assert app.openapi() is app.openapi()

    def test_rewriting_a_document_without_paths_adds_the_problem_schema(self) -> None:
        schema = rewrite_problem_responses({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}})
        assert "Problem" in schema["components"]["schemas"]
        validate(schema)


class TestSchemaNames:
    """Client generators name models by title, so each schema is keyed by a readable title."""

    def test_a_page_is_named_after_its_items(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        assert schemas["VacancyPage"]["title"] == "VacancyPage"
        assert not any(key.startswith("Page") for key in schemas)
        ok = document["paths"]["/api/v1/demo/vacancies"]["get"]["responses"]["200"]
        assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/VacancyPage"}

    def test_every_key_is_its_title(self, document: dict[str, Any]) -> None:
        schemas = document["components"]["schemas"]
        assert [key for key, schema in schemas.items() if schema.get("title", key) != key] == []

    async def test_a_body_of_several_fields_is_named_after_its_operation(self, make_app: AppFactory) -> None:
        """FastAPI titles such a body ``Body_<operationId>``: generators would call the model
        ``BodyIssueToken``; it is ``IssueTokenForm`` for a form, ``CreatePairBody`` for JSON."""
        router = api_router(prefix="/api/v1/demo", tags=["demo"])

        @router.post("/token")
        async def issue_token(username: Annotated[str, Form()], password: Annotated[str, Form()]) -> None:
            return None

        @router.post("/pairs")
        async def create_pair(left: Annotated[int, Body()], right: Annotated[int, Body()]) -> None:
            return None

        async with app_client(make_app([router])) as client:
            document = (await client.get("/openapi.json")).json()
        schemas = document["components"]["schemas"]
        assert schemas["IssueTokenForm"]["title"] == "IssueTokenForm"
        assert schemas["CreatePairBody"]["title"] == "CreatePairBody"
        assert not [key for key in schemas if "Body_" in key]
        token = document["paths"]["/api/v1/demo/token"]["post"]["requestBody"]["content"]
        assert token["application/x-www-form-urlencoded"]["schema"] == {
            "$ref": "#/components/schemas/IssueTokenForm"
        }

    async def test_an_inline_response_loses_the_title_made_from_its_operation(
        self, make_app: AppFactory
    ) -> None:
        """Titled ``Response Get Metadata``, generators would name it ``GetMetadataResponseGetMetadata``."""
        router = api_router(prefix="/api/v1/demo", tags=["demo"])

        @router.get("/metadata")
        async def get_metadata() -> dict[str, Any]:
            return {}

        async with app_client(make_app([router])) as client:
            document = (await client.get("/openapi.json")).json()
        schema = document["paths"]["/api/v1/demo/metadata"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"]
        assert schema == {"type": "object", "additionalProperties": True}

    def test_two_schemas_with_one_title_are_refused(self) -> None:
        document = {
            "components": {
                "schemas": {
                    "a__SkillOut": {"title": "SkillOut", "type": "object"},
                    "b__SkillOut": {"title": "SkillOut", "type": "string"},
                }
            }
        }
        with pytest.raises(ValueError, match="SkillOut"):
            name_schemas_by_title(document)


class TestOptionalSecurity:
    """A route that works without a token but reads one when sent declares security optional."""

    @pytest.fixture
    async def operations(self, make_app: AppFactory) -> dict[str, Any]:
        router = api_router(prefix="/api/v1/demo", tags=["demo"])

        @router.get("/open")
        async def read_open(principal: OptionalPrincipal) -> dict[str, bool]:
            return {"staff": principal.is_authenticated}

        @router.get("/closed")
        async def read_closed(principal: CurrentPrincipal) -> dict[str, bool]:
            return {"staff": True}

        @router.get("/officers")
        async def read_officers(principal: Annotated[Principal, Depends(require_roles("officer"))]) -> None:
            return None

        @router.get("/public")
        async def read_public() -> None:
            return None

        async with app_client(make_app([router])) as client:
            document = (await client.get("/openapi.json")).json()
        return {path.rsplit("/", 1)[1]: item["get"] for path, item in document["paths"].items()}

    def test_a_route_taking_an_optional_token_says_anonymous_calls_are_fine(
        self, operations: dict[str, Any]
    ) -> None:
        assert operations["open"]["security"] == [{}, {"OAuth2": []}]

    def test_routes_that_need_a_token_still_require_it(self, operations: dict[str, Any]) -> None:
        assert operations["closed"]["security"] == [{"OAuth2": []}]
        assert operations["officers"]["security"] == [{"OAuth2": []}]
        assert "security" not in operations["public"]


class TestResponseHeaders:
    def test_every_response_declares_the_request_id(self, document: dict[str, Any]) -> None:
        missing = [
            f"{method} {path} {status}"
            for path, item in document["paths"].items()
            for method, operation in item.items()
            for status, response in operation["responses"].items()
            if response.get("headers", {}).get("X-Request-ID")
            != {"$ref": "#/components/headers/X-Request-ID"}
        ]
        assert missing == []
        assert document["components"]["headers"]["X-Request-ID"]["schema"] == {"type": "string"}

    async def test_a_rate_limited_answer_declares_retry_after(self, make_app: AppFactory) -> None:
        router = api_router(prefix="/api/v1/demo", tags=["demo"])

        @router.post("/attempts", responses=problem_responses(429))
        async def attempt() -> None:
            return None

        async with app_client(make_app([router])) as client:
            document = (await client.get("/openapi.json")).json()
        responses = document["paths"]["/api/v1/demo/attempts"]["post"]["responses"]
        assert responses["429"]["headers"]["Retry-After"] == {"$ref": "#/components/headers/Retry-After"}
        assert "Retry-After" not in responses["200"]["headers"]

    def test_header_refs_name_only_declared_headers(self) -> None:
        assert header_refs("ETag") == {"ETag": {"$ref": "#/components/headers/ETag"}}
        with pytest.raises(ValueError, match="Etag"):
            header_refs("Etag")
