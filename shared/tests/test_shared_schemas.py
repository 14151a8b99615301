"""Request bodies take each scalar only as the JSON type the document gives it; change bodies take
null only where it clears a field, and the document says which."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, ClassVar

import pytest
from pydantic import Field, ValidationError

from imis_shared.schemas import ChangeModel, StrictModel


class Body(StrictModel):
    position: int = Field(default=100, ge=0)
    share: float | None = None
    visible: bool = False
    limit: Annotated[int | None, Field(ge=1)] = None
    starts_on: date | None = None
    seen_at: datetime | None = None
    owner: uuid.UUID | None = None
    amount: Decimal | None = None
    name: str = "x"


def error_of(**body: object) -> tuple[tuple[int | str, ...], str]:
    with pytest.raises(ValidationError) as raised:
        Body.model_validate(body)
    (error,) = raised.value.errors()
    return error["loc"], error["type"]


class TestScalarsTakeOnlyTheirJsonType:
    @pytest.mark.parametrize(
        ("field", "value", "error_type"),
        [
            ("position", False, "int_type"),  # was stored as 0
            ("position", "5", "int_type"),
            ("position", 2.5, "int_type"),
            ("limit", True, "int_type"),
            ("share", True, "float_type"),
            ("share", "0.5", "float_type"),
            ("visible", 1, "bool_type"),
            ("visible", "true", "bool_type"),
            ("starts_on", 0, "date_type"),  # was 1970-01-01
            ("seen_at", 1796084113, "datetime_type"),
        ],
    )
    def test_refuses_another_json_type_naming_the_field(
        self, field: str, value: object, error_type: str
    ) -> None:
        assert error_of(**{field: value}) == ((field,), error_type)

    def test_accepts_the_documented_types(self) -> None:
        body = Body.model_validate(
            {
                "position": 5,
                "share": 1,
                "visible": True,
                "limit": 3.0,
                "starts_on": "2026-11-30",
                "owner": "1e9b4c2e-2d7a-4d0c-9a41-6f3c1f0f2a11",
                "amount": "12.50",
                "name": "Rossi",
            }
        )
        assert (body.position, body.share, body.visible, body.limit) == (5, 1, True, 3)
        assert body.starts_on == date(2026, 11, 30) and body.amount == Decimal("12.50")

    def test_null_is_left_to_the_field(self) -> None:
        assert Body.model_validate({"limit": None}).limit is None
        assert error_of(position=None) == (("position",), "int_type")

    def test_still_refuses_unknown_fields(self) -> None:
        assert error_of(colour="red") == (("colour",), "extra_forbidden")


class Change(ChangeModel):
    clearable: ClassVar[frozenset[str]] = frozenset({"website"})

    name: str | None = None
    website: str | None = None
    tags: list[str] | None = None


class TestChangeBodies:
    def test_null_clears_only_a_clearable_field(self) -> None:
        assert Change.model_validate({"website": None}).model_dump(exclude_unset=True) == {"website": None}
        for field in ("name", "tags"):
            with pytest.raises(ValidationError) as raised:
                Change.model_validate({field: None})
            assert [(e["loc"], e["type"]) for e in raised.value.errors()] == [((field,), "null")]

    def test_a_field_left_out_is_not_set(self) -> None:
        assert Change.model_validate({"name": "Rossi"}).model_dump(exclude_unset=True) == {"name": "Rossi"}

    def test_the_document_offers_null_only_where_it_clears(self) -> None:
        properties = Change.model_json_schema()["properties"]
        assert properties["name"] == {"type": "string", "title": "Name"}
        assert properties["tags"] == {"type": "array", "items": {"type": "string"}, "title": "Tags"}
        assert {"type": "null"} in properties["website"]["anyOf"]
