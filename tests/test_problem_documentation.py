"""Every problem a service can send is documented: its ``type`` URI and ``reason`` codes in docs/api.md, and
each extension member it carries as a property of the ``Problem`` schema clients are generated from."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest
from deploy_files import ROOT

import imis_jobs.main  # noqa: F401  (every domain error class is defined once the apps are importable)
from imis_shared.errors import TYPE_PREFIX, DomainError, Problem, Reason

API_DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
# Constructor arguments of the error classes, not members of the body.
NOT_MEMBERS = {"headers", "errors", "retry_after"}


def _subclasses(cls: type[DomainError]) -> set[type[DomainError]]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def _raised_extensions() -> list[tuple[str, str, ast.expr]]:
    """(where, keyword, value) of each keyword passed to an error class in the services' code."""
    names = {cls.__name__ for cls in _subclasses(DomainError)} | {"DomainError"}
    found = []
    for path in sorted(ROOT.glob("services/*/src/**/*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            function = node.func
            name = function.id if isinstance(function, ast.Name) else getattr(function, "attr", None)
            if name not in names:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            found += [
                (where, kw.arg, kw.value) for kw in node.keywords if kw.arg and kw.arg not in NOT_MEMBERS
            ]
    return found


class TestProblemSchema:
    def test_declares_every_extension_member_a_service_sends(self) -> None:
        declared = set(Problem.model_fields)
        undeclared = sorted(f"{where} {key}" for where, key, _ in _raised_extensions() if key not in declared)
        assert undeclared == []

    def test_lists_every_reason_a_service_sends(self) -> None:
        reasons = set(get_args(Reason))
        sent = {
            (where, value.value)
            for where, key, value in _raised_extensions()
            if key == "reason" and isinstance(value, ast.Constant)
        }
        assert sent, "the scan found no reason: it no longer sees the raise sites"
        assert sorted(f"{where} {reason}" for where, reason in sent if reason not in reasons) == []
        computed = [where for where, key, value in _raised_extensions() if key == "reason"]
        assert len(computed) == len(sent), "a reason must be a literal, so the list can be checked"


class TestErrorsSection:
    @pytest.mark.parametrize(
        "slug",
        sorted({cls.slug for cls in _subclasses(DomainError)} | {"malformed-json"}),
    )
    def test_lists_the_problem_type(self, slug: str) -> None:
        assert f":{slug}`" in API_DOC, f"docs/api.md does not list {TYPE_PREFIX}{slug}"

    @pytest.mark.parametrize("reason", sorted(get_args(Reason)))
    def test_lists_the_reason(self, reason: str) -> None:
        assert f"`{reason}`" in API_DOC


def test_the_scan_reads_the_services() -> None:
    assert any(Path(where.split(":")[0]).name == "service.py" for where, _, _ in _raised_extensions())
