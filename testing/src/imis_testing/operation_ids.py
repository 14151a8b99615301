"""The operationId convention (docs/api.md, "Operation ids"), as a check over an OpenAPI document.

An operationId is ``<verb>_<noun>``: the verb from a closed list, one verb per kind of act, no tag
repeated in front, unique across the platform. Generated clients name their functions after it.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

#: Verb → the HTTP method it must use (None: a domain act, any method).
CRUD_VERBS: dict[str, str] = {
    "list": "get",
    "get": "get",
    "create": "post",
    "update": "patch",
    "replace": "put",
    "delete": "delete",
    "set": "",  # set_<thing>_status: every state change, whatever the method
}
DOMAIN_VERBS = frozenset(
    {
        "accept",
        "apply",
        "cancel",
        "change",
        "claim",
        "compare",
        "confirm",
        "export",
        "grant",
        "import",
        "invite",
        "issue",
        "join",
        "leave",
        "make",
        "mark",
        "record",
        "register",
        "request",
        "restore",
        "revoke",
        "search",
        "submit",
    }
)
#: Acts whose id is the verb alone.
BARE_VERBS = frozenset({"logout"})
VERBS = frozenset(CRUD_VERBS) | DOMAIN_VERBS
ID = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def operation_id_problems(document: dict[str, Any]) -> list[str]:
    """Every breach of the convention in ``document``, one line each (empty when it holds)."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS or not isinstance(operation, dict):
                continue
            where = f"{method.upper()} {path}"
            operation_id = operation.get("operationId")
            if not isinstance(operation_id, str):
                problems.append(f"{where}: no operationId")
                continue
            if operation_id in seen:
                problems.append(f"{where}: operationId {operation_id} is also {seen[operation_id]}'s")
            seen[operation_id] = where
            problems += [
                f"{where}: {problem}" for problem in _problems(operation_id, method, path, operation)
            ]
    return problems


def _problems(operation_id: str, method: str, path: str, operation: dict[str, Any]) -> list[str]:
    if not ID.fullmatch(operation_id):
        return [f"{operation_id} is not snake_case"]
    words = operation_id.split("_")
    verb, rest = words[0], words[1:]
    problems = []
    for tag in operation.get("tags", []):
        tag_words = tag.lower().replace("-", "_").split("_")
        if words[: len(tag_words)] == tag_words and (
            verb not in VERBS or words[len(tag_words) :] == tag_words
        ):
            problems.append(f"{operation_id} repeats its tag {tag!r} in front")
    if any(first == second for first, second in itertools.pairwise(words)):
        problems.append(f"{operation_id} stutters")
    if operation_id in BARE_VERBS:
        return problems
    if verb not in VERBS:
        problems.append(f"{operation_id} does not start with a verb of the list in docs/api.md")
    elif not rest:
        problems.append(f"{operation_id} names no noun after its verb")
    if verb in CRUD_VERBS and CRUD_VERBS[verb] and method != CRUD_VERBS[verb]:
        problems.append(f"{operation_id}: {verb}_ is for {CRUD_VERBS[verb].upper()}")
    if verb == "set" and rest[-1:] != ["status"]:
        problems.append(f"{operation_id}: set_ is only for set_<thing>_status")
    if path.endswith("/status") and method != "get" and not (verb == "set" and rest[-1:] == ["status"]):
        problems.append(f"{operation_id} changes a status: name it set_<thing>_status")
    return problems
