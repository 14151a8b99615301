"""Attack suite: mass assignment. Every request body of the published document refuses fields it
does not declare (``additionalProperties: false``), nested objects too, so a caller cannot set
``status``, ``owner``, ``roles`` or the like by adding them; each service's
test_attack_mass_assignment.py sends such fields to its sensitive operations (docs/security.md)."""

from __future__ import annotations

from imis_testing.attacks import open_objects, request_body_schemas


class TestRequestBodiesAreClosed:
    def test_the_document_has_bodies(self) -> None:
        assert len(request_body_schemas()) > 40

    def test_every_body_refuses_unknown_fields(self) -> None:
        open_bodies = {
            operation: where
            for operation, schema in request_body_schemas().items()
            for where in open_objects(schema, operation)
        }
        assert open_bodies == {}

    def test_the_check_finds_an_open_object_at_any_depth(self) -> None:
        closed = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
        nested_open = {**closed, "properties": {"a": {"type": "array", "items": {"properties": {"b": {}}}}}}
        assert list(open_objects(closed, "X")) == []
        assert list(open_objects(nested_open, "X")) == ["X.a[]"]
