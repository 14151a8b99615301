"""Money and percentages: decimal strings whose documented pattern is exactly what the server takes.

A value the pattern admits is accepted as that decimal; anything else (a JSON number, an exponent, a
sign, a third decimal, a leading zero, one digit too many) is a problem naming the field.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

import pytest
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from imis_shared.app import api_router
from imis_shared.schemas import StrictModel
from imis_shared.validators import DecimalString
from imis_testing import app_client

FEE = DecimalString(integer_digits=4)
PLEDGE = DecimalString(integer_digits=12, positive=True)


class Price(StrictModel):
    fee: Annotated[Decimal, FEE]
    pledge: Annotated[Decimal, PLEDGE] | None = None


def json_schema_admits(pattern: str, value: str) -> bool:
    """As JSON Schema reads ``pattern`` (ECMAScript: ``$`` is the end, not before a final newline)."""
    return re.search(pattern.removesuffix("$") + r"\Z", value) is not None


def accepted(field: str, value: object) -> Decimal | None:
    try:
        price = Price.model_validate({"fee": "1", field: value})
    except ValidationError:
        return None
    result: Decimal | None = getattr(price, field)
    return result


@given(st.text(alphabet="0123456789.-+eE ", max_size=16))
def test_the_server_takes_exactly_what_the_pattern_admits(text: str) -> None:
    for field, kind in (("fee", FEE), ("pledge", PLEDGE)):
        value = accepted(field, text)
        assert (value is not None) == json_schema_admits(kind.pattern, text), (field, text)
        if value is not None:
            assert value == Decimal(text)


@pytest.mark.parametrize(
    ("field", "value", "taken"),
    [
        ("fee", "0", True),
        ("fee", "0.00", True),
        ("fee", "9999.99", True),
        ("fee", "4.9", True),
        ("fee", "10000", False),  # five digits before the point
        ("fee", "4.905", False),
        ("fee", "04.90", False),
        ("fee", "-1", False),
        ("fee", "1e3", False),
        ("fee", "", False),
        ("fee", "4,90", False),
        ("fee", "٤.٩٠", False),  # Arabic-Indic digits: the pattern says 0-9
        ("fee", 4.9, False),  # a JSON number
        ("fee", 4, False),
        ("pledge", "0.01", True),
        ("pledge", "0.10", True),
        ("pledge", "999999999999.99", True),
        ("pledge", "0", False),  # a pledge is more than nothing
        ("pledge", "0.00", False),
        ("pledge", "0.0", False),
    ],
)
def test_edges(field: str, value: object, taken: bool) -> None:
    assert (accepted(field, value) is not None) is taken


def test_python_code_may_pass_a_decimal_within_the_same_bounds() -> None:
    assert Price(fee=Decimal("12.50")).fee == Decimal("12.50")
    with pytest.raises(ValidationError):
        Price(fee=Decimal("12.505"))


async def test_documented_as_a_string_pattern_and_refused_naming_the_field(make_app: Any) -> None:
    router = api_router(prefix="/api/v1/demo", tags=["demo"])

    @router.post("/prices")
    async def create_price(price: Price) -> Price:
        return price

    app: FastAPI = make_app([router])
    async with app_client(app) as client:
        document = (await client.get("/openapi.json")).json()
        created = await client.post("/api/v1/demo/prices", json={"fee": "4.90", "pledge": "0.50"})
        refused = await client.post("/api/v1/demo/prices", json={"fee": 4.9})
    fee = document["components"]["schemas"]["Price"]["properties"]["fee"]
    assert fee == {"type": "string", "pattern": FEE.pattern, "examples": ["1900.00"], "title": "Fee"}
    assert created.status_code == 200, created.text
    assert created.json() == {"fee": "4.90", "pledge": "0.50"}
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in refused.json()["errors"]] == ["fee"]
