"""Every error is an RFC 9457 problem: validation, domain errors, HTTP errors and crashes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from imis_shared.app import api_router
from imis_shared.db import create_engine
from imis_shared.errors import (
    PROBLEM_MEDIA_TYPE,
    BadGateway,
    DomainError,
    FieldError,
    Forbidden,
    InvalidState,
    InvalidToken,
    NotFound,
    PreconditionFailed,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
    field_errors_from_validation,
)
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    age: int
    languages: list[str] = []


def demo_router() -> APIRouter:
    router = api_router(prefix="/demo", tags=["demo"])

    @router.post("/profiles", status_code=201)
    async def create_profile(profile: Profile) -> Profile:
        return profile

    @router.get("/items/{item_id}")
    async def get_item(item_id: int) -> dict[str, int]:
        raise NotFound(f"No item {item_id}.")

    @router.get("/crash")
    async def crash() -> None:
        raise RuntimeError("database password is hunter2 at /srv/imis/secret.py")

    @router.get("/database-down")
    async def database_down() -> None:
        engine = create_engine("postgresql://imis@127.0.0.1:9/imis")  # nothing listens on port 9
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        finally:
            await engine.dispose()

    @router.get("/database-locked")
    async def database_locked() -> None:
        raise OperationalError("UPDATE member SET phone = ?", ("+20 100 123 4567",), Exception("locked"))

    @router.get("/database-restarting/{sqlstate}")
    async def database_restarting(sqlstate: str) -> None:
        # As asyncpg's errors reach SQLAlchemy: a plain DBAPIError whose driver error has the SQLSTATE.
        raise DBAPIError("SELECT 1", None, DriverError("the database system is shutting down", sqlstate))

    @router.get("/duplicate")
    async def duplicate() -> None:
        raise IntegrityError("INSERT INTO member", ("hunter2",), Exception("UNIQUE constraint failed"))

    @router.get("/slow-down")
    async def slow_down() -> None:
        raise TooManyRequests("Wait a little.", retry_after=7)

    @router.get("/rules")
    async def rules() -> None:
        raise ValidationFailed(
            "The dates do not add up.",
            errors=[
                FieldError(field="ends_on", location="body", message="before starts_on", type="date_order")
            ],
        )

    @router.get("/extended")
    async def extended() -> None:
        raise InvalidState("The vacancy is closed.", state="closed")

    @router.get("/search")
    async def search(q: str = Query(min_length=2), page: int = 1) -> dict[str, str]:
        return {"q": q}

    return router


@pytest.fixture
async def client(make_app: AppFactory) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(make_app([demo_router()])) as client:
        yield client


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    return body


class TestRequestValidationProblems:
    async def test_malformed_json_is_a_400_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/demo/profiles", content=b'{"name": "Asha", ', headers={"Content-Type": "application/json"}
        )
        body = assert_problem(response, 400)
        assert body["type"] == "urn:imis:problem:malformed-json"
        assert body["title"] == "Malformed JSON"
        assert body["instance"] == "/demo/profiles"
        assert "errors" not in body

    async def test_unknown_field_is_a_422_naming_the_field(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/demo/profiles", json={"name": "Asha", "age": 30, "is_admin": True})
        body = assert_problem(response, 422)
        assert body["type"] == "urn:imis:problem:validation-failed"
        assert body["errors"] == [
            {
                "field": "is_admin",
                "location": "body",
                "message": "Extra inputs are not permitted",
                "type": "extra_forbidden",
            }
        ]
        assert body["detail"] == "Invalid value for: is_admin."

    async def test_wrong_type_is_a_422_naming_the_field(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/demo/profiles", json={"name": "Asha", "age": "thirty"})
        body = assert_problem(response, 422)
        assert [(e["field"], e["location"], e["type"]) for e in body["errors"]] == [
            ("age", "body", "int_parsing")
        ]

    async def test_nested_fields_are_named_by_their_dotted_path(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/demo/profiles", json={"name": "Asha", "age": 30, "languages": ["ne", 5]}
        )
        body = assert_problem(response, 422)
        assert [e["field"] for e in body["errors"]] == ["languages.1"]

    async def test_every_bad_field_is_listed(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/demo/profiles", json={"name": ""})
        body = assert_problem(response, 422)
        assert sorted(e["field"] for e in body["errors"]) == ["age", "name"]
        assert body["detail"] == "Invalid value for: age, name."

    async def test_a_bad_path_parameter_names_its_location(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/demo/items/abc"), 422)
        assert body["errors"][0]["location"] == "path"
        assert body["errors"][0]["field"] == "item_id"

    async def test_a_missing_query_parameter_names_its_location(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/demo/search", params={"page": "x"}), 422)
        assert {(e["field"], e["location"]) for e in body["errors"]} == {
            ("q", "query"),
            ("page", "query"),
        }

    async def test_a_json_array_instead_of_an_object_is_a_422(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.post("/demo/profiles", json=[1, 2]), 422)
        assert body["type"] == "urn:imis:problem:validation-failed"


class TestDomainErrorProblems:
    async def test_not_found_has_type_instance_and_request_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/demo/items/7")
        body = assert_problem(response, 404)
        assert body == {
            "type": "urn:imis:problem:not-found",
            "title": "Not found",
            "status": 404,
            "detail": "No item 7.",
            "instance": "/demo/items/7",
            "request_id": response.headers["x-request-id"],
        }

    async def test_headers_of_the_error_are_sent(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/demo/slow-down")
        body = assert_problem(response, 429)
        assert response.headers["retry-after"] == "7"
        assert body["type"] == "urn:imis:problem:too-many-requests"

    async def test_business_validation_lists_its_field_errors(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/demo/rules"), 422)
        assert body["errors"] == [
            {"field": "ends_on", "location": "body", "message": "before starts_on", "type": "date_order"}
        ]

    async def test_extensions_become_members_of_the_problem(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/demo/extended"), 409)
        assert body["type"] == "urn:imis:problem:invalid-state"
        assert body["state"] == "closed"

    @pytest.mark.parametrize("member", ["status", "title", "instance", "type"])
    async def test_an_extension_cannot_break_the_standard_members(
        self, make_app: AppFactory, member: str
    ) -> None:
        router = api_router()

        @router.get("/vacancy")
        async def vacancy() -> None:
            raise InvalidState("The vacancy is closed.", **{member: "closed"})

        async with app_client(make_app([router])) as client:
            response = await client.get("/vacancy")
        assert response.status_code == 409
        body = response.json()
        assert (body["status"], body["type"], body["instance"]) == (
            409,
            "urn:imis:problem:invalid-state",
            "/vacancy",
        )


class TestHttpErrorProblems:
    async def test_unknown_route_is_a_404_problem(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/nowhere"), 404)
        assert body["title"] == "Not Found"
        assert body["type"] == "about:blank"
        assert body["instance"] == "/nowhere"

    async def test_wrong_method_is_a_405_problem_with_allow(self, client: httpx.AsyncClient) -> None:
        response = await client.delete("/demo/profiles")
        body = assert_problem(response, 405)
        assert body["title"] == "Method Not Allowed"
        assert response.headers["allow"] == "POST, OPTIONS"


class TestUnexpectedErrors:
    async def test_a_crash_is_a_500_problem_without_internals(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR, logger="imis.errors"):
            response = await client.get("/demo/crash")
        body = assert_problem(response, 500)
        assert body["title"] == "Internal server error"
        assert body["instance"] == "/demo/crash"
        for leaked in ("hunter2", "RuntimeError", "Traceback", "secret.py"):
            assert leaked not in response.text

    async def test_a_crash_keeps_the_request_id(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/demo/crash", headers={"X-Request-ID": "crash-report-0001"})
        assert response.status_code == 500
        assert response.headers["x-request-id"] == "crash-report-0001"
        assert response.json()["request_id"] == "crash-report-0001"

    async def test_a_crash_is_logged_with_its_traceback(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.ERROR, logger="imis.errors"):
            await client.get("/demo/crash")
        records = [r for r in caplog.records if r.name == "imis.errors"]
        assert len(records) == 1
        assert records[0].exc_info is not None
        assert isinstance(records[0].exc_info[1], RuntimeError)
        assert "GET /demo/crash" in records[0].getMessage()


class DriverError(Exception):
    def __init__(self, message: str, sqlstate: str) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


class TestUnavailableDatabase:
    async def test_an_unreachable_database_is_a_503_problem_to_retry(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.WARNING, logger="imis.errors"):
            response = await client.get("/demo/database-down")
        body = assert_problem(response, 503)
        assert body["type"] == "urn:imis:problem:service-unavailable"
        assert response.headers["retry-after"] == "5"
        assert [r.getMessage() for r in caplog.records if r.name == "imis.errors"] == [
            "dependency unavailable: ConnectionRefusedError"
        ]

    async def test_a_locked_database_is_a_503_and_its_values_are_not_logged(
        self, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.DEBUG):
            response = await client.get("/demo/database-locked")
        assert_problem(response, 503)
        assert "100 123" not in caplog.text and "100 123" not in response.text

    @pytest.mark.parametrize("sqlstate", ["57P03", "57P01", "08006", "53300"])
    async def test_a_database_restarting_is_a_503(self, client: httpx.AsyncClient, sqlstate: str) -> None:
        """PostgreSQL shutting down, starting up or out of connections, as the driver reports it
        (seen while restarting PostgreSQL under load: bench/load_faults.py)."""
        response = await client.get(f"/demo/database-restarting/{sqlstate}")
        assert_problem(response, 503)
        assert response.headers["retry-after"] == "5"

    async def test_a_database_error_of_another_kind_stays_a_500(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/demo/database-restarting/23505")  # unique_violation
        assert_problem(response, 500)

    async def test_other_database_errors_stay_500s(self, client: httpx.AsyncClient) -> None:
        """A broken constraint the code did not expect is a bug, not an outage."""
        response = await client.get("/demo/duplicate")
        assert_problem(response, 500)
        assert "hunter2" not in response.text


class TestDomainErrorClasses:
    @pytest.mark.parametrize(
        ("error", "status", "type_"),
        [
            (DomainError(), 400, "urn:imis:problem:bad-request"),
            (Unauthorized(), 401, "urn:imis:problem:unauthorized"),
            (InvalidToken(), 401, "urn:imis:problem:invalid-token"),
            (Forbidden(), 403, "urn:imis:problem:forbidden"),
            (InvalidState(), 409, "urn:imis:problem:invalid-state"),
            (PreconditionFailed(), 412, "urn:imis:problem:precondition-failed"),
            (BadGateway(), 502, "urn:imis:problem:bad-gateway"),
            (ServiceUnavailable(), 503, "urn:imis:problem:service-unavailable"),
        ],
    )
    def test_status_and_type(self, error: DomainError, status: int, type_: str) -> None:
        assert (error.status, error.type) == (status, type_)

    def test_unauthorized_challenges_for_a_bearer_token(self) -> None:
        assert Unauthorized().headers == {"WWW-Authenticate": "Bearer"}
        assert InvalidToken().headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}

    def test_retry_after_is_at_least_one_second(self) -> None:
        assert TooManyRequests(retry_after=0).headers == {"Retry-After": "1"}

    def test_the_message_defaults_to_the_title(self) -> None:
        assert str(NotFound()) == "Not found"
        assert NotFound().detail is None


class TestFieldErrorsFromValidation:
    def test_a_location_outside_the_request_parts_defaults_to_body(self) -> None:
        [error] = field_errors_from_validation([{"loc": ("name",), "msg": "bad", "type": "x"}])
        assert (error.field, error.location) == ("name", "body")

    def test_a_whole_body_error_names_the_location(self) -> None:
        [error] = field_errors_from_validation(
            [{"loc": ("body",), "msg": "Field required", "type": "missing"}]
        )
        assert (error.field, error.location) == ("body", "body")

    def test_missing_keys_get_defaults(self) -> None:
        [error] = field_errors_from_validation([{}])
        assert (error.field, error.location, error.message, error.type) == (
            "body",
            "body",
            "invalid",
            "invalid",
        )
