"""Request and response schemas as typed clients read them.

A request body's defaulted fields are optional (no ``default`` keyword that openapi-typescript would
turn into a required property; the default is in the description), a response's fields that are
always present are required, a model used both ways is two schemas (``Part``, ``PartOut``), and an
optional parameter is never ``null``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, FastAPI, Header, Query
from pydantic import BaseModel, ConfigDict

from imis_shared.app import api_router
from imis_shared.schemas import StrictModel
from imis_testing import app_client

AppFactory = Callable[..., FastAPI]
REF = "#/components/schemas/"


class Part(StrictModel):
    name: str
    spare: bool = False


class OrderCreate(StrictModel):
    parts: list[Part]
    urgent: bool = False
    note: str | None = None


class OrderOut(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    parts: list[Part]
    urgent: bool
    note: str | None = None


def orders_router() -> APIRouter:
    router = api_router(prefix="/api/v1/demo", tags=["demo"])

    @router.post("/orders", status_code=201)
    async def create_order(
        order: OrderCreate,
        mode: Annotated[str | None, Query(max_length=10)] = None,
        if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    ) -> OrderOut:
        return OrderOut(parts=order.parts, urgent=order.urgent, note=order.note)

    return router


@pytest.fixture
async def served(make_app: AppFactory) -> tuple[FastAPI, dict[str, Any]]:
    app = make_app([orders_router()])
    async with app_client(app) as client:
        document: dict[str, Any] = (await client.get("/openapi.json")).json()
    return app, document


class TestRequestBodies:
    def test_defaulted_fields_are_optional_and_say_their_default(
        self, served: tuple[FastAPI, dict[str, Any]]
    ) -> None:
        schemas = served[1]["components"]["schemas"]
        order = schemas["OrderCreate"]
        assert order["required"] == ["parts"]
        assert "default" not in order["properties"]["urgent"]
        assert order["properties"]["urgent"]["description"] == "Default: `false`."
        assert order["properties"]["parts"]["items"] == {"$ref": REF + "Part"}
        assert "default" not in schemas["Part"]["properties"]["spare"]
        assert schemas["Part"]["required"] == ["name"]

    async def test_the_server_fills_in_what_is_left_out(self, served: tuple[FastAPI, dict[str, Any]]) -> None:
        async with app_client(served[0]) as client:
            response = await client.post("/api/v1/demo/orders", json={"parts": [{"name": "valve"}]})
        assert response.status_code == 201, response.text
        assert response.json() == {
            "parts": [{"name": "valve", "spare": False}],
            "urgent": False,
            "note": None,
        }


class TestResponses:
    def test_always_present_fields_are_required(self, served: tuple[FastAPI, dict[str, Any]]) -> None:
        schemas = served[1]["components"]["schemas"]
        assert schemas["OrderOut"]["required"] == ["parts", "urgent", "note"]
        assert schemas["OrderOut"]["properties"]["parts"]["items"] == {"$ref": REF + "PartOut"}
        assert schemas["PartOut"]["required"] == ["name", "spare"]
        assert schemas["PartOut"]["title"] == "PartOut" and schemas["Part"]["title"] == "Part"
        assert [key for key in schemas if "-" in key] == []


class TestParameters:
    def test_optional_parameters_are_never_null(self, served: tuple[FastAPI, dict[str, Any]]) -> None:
        operation = served[1]["paths"]["/api/v1/demo/orders"]["post"]
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert parameters["mode"]["schema"] == {
            "type": "string",
            "maxLength": 10,
            "title": "Mode",
            "pattern": "^[^\\u0000]*$",  # no text holds a NUL
        }
        assert parameters["If-Match"]["in"] == "header"
        assert parameters["If-Match"]["schema"] == {
            "type": "string",
            "title": "If-Match",
            "pattern": "^[^\\u0000]*$",
        }
        assert not parameters["If-Match"]["required"]
