"""Base for request bodies: unknown fields are refused, and values of the wrong JSON type too (422
naming them).

Pydantic's lax mode turns ``false`` into ``0``, ``"5"`` into ``5`` and ``1`` into ``true``; the
document says ``integer`` or ``boolean``, so a client that sends the wrong type would be told it is
fine and the value stored converted. Strict mode for the whole model is no answer: bodies are
validated from Python objects, where strict mode refuses the ISO strings of dates, UUIDs and
decimals too. So the scalar fields (integer, number, boolean) take only their own JSON type, and
dates and times no number.
"""

from __future__ import annotations

import types
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, ValidationInfo, field_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

# The JSON types a scalar field accepts, with pydantic's error for anything else.
_SCALARS: dict[type, tuple[tuple[type, ...], str, str]] = {
    bool: ((bool,), "bool_type", "Input should be a valid boolean"),
    int: ((int,), "int_type", "Input should be a valid integer"),
    float: ((int, float), "float_type", "Input should be a valid number"),
}


# Dates and times are strings in JSON; lax mode would also take a number as a Unix time.
_TEMPORAL = (date, datetime)


def _scalar(annotation: Any) -> type | None:
    """``int``, ``float`` or ``bool`` when the field is that (optionally nullable), else None."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [member for member in get_args(annotation) if member is not type(None)]
        if len(members) != 1:
            return None
        return _scalar(members[0])
    return annotation if annotation in _SCALARS or annotation in _TEMPORAL else None


@cache
def _field_scalar(model: type[BaseModel], name: str) -> type | None:
    """``_scalar`` of a model's field, worked out once: validating a body asks it for every field."""
    return _scalar(model.model_fields[name].annotation)


class StrictModel(BaseModel):
    # A body model that also appears in a response (a seeker's certifications) is documented twice:
    # in the response every field is present, defaults included, so every field is required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    @field_validator("*", mode="before")
    @classmethod
    def _json_type_as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None or info.field_name is None:
            return value
        scalar = _field_scalar(cls, info.field_name)
        if scalar is None:
            return value
        if scalar in _TEMPORAL:
            if isinstance(value, (int, float)):
                kind = "date" if scalar is date else "datetime"
                raise PydanticCustomError(f"{kind}_type", f"Input should be a valid {kind}, as a string")
            return value
        accepted, error_type, message = _SCALARS[scalar]
        if isinstance(value, float) and scalar is int and value.is_integer():
            return value  # 5.0 is an integer in JSON Schema
        # bool is a subclass of int: true is no integer and no number.
        if not isinstance(value, accepted) or (isinstance(value, bool) and scalar is not bool):
            raise PydanticCustomError(error_type, message)
        return value


def omit_or_set(schema: dict[str, Any]) -> None:
    """``json_schema_extra`` of a field of a change body that may be left out but not cleared.

    The field is ``X | None = None`` so that leaving it out is told apart from setting it, and the
    service refuses an explicit null (422 naming it); the document says only ``X``, as null is
    never accepted.
    """
    branches = [branch for branch in schema.pop("anyOf", []) if branch.get("type") != "null"]
    schema.pop("default", None)
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches


class ChangeModel(StrictModel):
    """A change (PATCH) body: a field left out keeps its value, and null clears a field only where
    the class names it in ``clearable``. Null for any other field is refused naming it (``null``),
    and the document offers no null for it, so client and server read the body alike."""

    clearable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _null_only_where_clearable(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.clearable:
            raise PydanticCustomError("null", "cannot be null; leave the field out to keep its value")
        return value

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        reference = handler(schema)
        definition = handler.resolve_ref_schema(reference)
        for name, property_schema in definition.get("properties", {}).items():
            if name not in cls.clearable:
                omit_or_set(property_schema)
        return reference
