"""Operation ids follow one convention (docs/api.md, "Operation ids"): generated clients name their
functions after them, so `<verb>_<noun>` with the verb from a closed list, no tag stutter, unique."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from deploy_files import ROOT

from imis_testing.operation_ids import BARE_VERBS, CRUD_VERBS, DOMAIN_VERBS, operation_id_problems

DOC = ROOT / "docs" / "openapi.json"
API_MD = ROOT / "docs" / "api.md"


def _document(*operations: tuple[str, str, str, list[str]]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for method, path, operation_id, tags in operations:
        paths.setdefault(path, {})[method] = {"operationId": operation_id, "tags": tags, "responses": {}}
    return {"paths": paths}


class TestPublishedDocument:
    def test_every_operation_id_follows_the_convention(self) -> None:
        document = json.loads(DOC.read_text(encoding="utf-8"))
        assert operation_id_problems(document) == []

    def test_the_verb_list_in_the_docs_is_the_one_checked(self) -> None:
        """docs/api.md, "Operation ids": the table's verbs and the domain acts' closed list."""
        text = API_MD.read_text(encoding="utf-8")
        section = text[text.index("## Operation ids") :]
        section = section[: section.index("\n## ")]
        table = set(re.findall(r"^\| `([a-z]+)_", section, re.M))
        acts = section[section.index("Acts that") : section.index("The three services'")]
        verbs = {operation_id.split("_")[0] for operation_id in re.findall(r"`([a-z_]+)`", acts)}
        assert table == set(CRUD_VERBS)
        assert verbs == DOMAIN_VERBS | BARE_VERBS


class TestTheCheckCanFail:
    """The check refuses each kind of bad name (so a clean result above means something)."""

    @pytest.mark.parametrize(
        ("operation", "complaint"),
        [
            (("get", "/x/statistics", "statistics_statistics", ["statistics"]), "repeats its tag"),
            (("get", "/search", "search_search", ["search"]), "stutters"),
            (("post", "/auth/register", "auth_register", ["auth"]), "repeats its tag"),
            (("post", "/employers/{id}/status", "decide_status", ["employers"]), "verb"),
            (
                ("post", "/employers/{id}/status", "change_employer_status", ["employers"]),
                "set_<thing>_status",
            ),
            (("post", "/employers/{id}/state", "set_employer", ["employers"]), "only for set_<thing>_status"),
            (("post", "/vacancies", "get_vacancy", ["vacancies"]), "get_ is for GET"),
            (("put", "/vacancies/{id}", "update_vacancy", ["vacancies"]), "update_ is for PATCH"),
            (("get", "/vacancies", "list", ["vacancies"]), "no noun"),
            (("get", "/vacancies", "listVacancies", ["vacancies"]), "snake_case"),
        ],
    )
    def test_a_bad_name_is_refused(self, operation: tuple[str, str, str, list[str]], complaint: str) -> None:
        problems = operation_id_problems(_document(operation))
        assert problems and complaint in " ".join(problems), problems

    def test_an_id_used_twice_is_refused(self) -> None:
        document = _document(
            ("get", "/api/v1/jobs/whoami", "get_identity", ["jobs"]),
            ("get", "/api/v1/info/whoami", "get_identity", ["info"]),
        )
        assert operation_id_problems(document) == [
            "GET /api/v1/info/whoami: operationId get_identity is also GET /api/v1/jobs/whoami's"
        ]

    def test_good_names_pass(self) -> None:
        document = _document(
            ("get", "/search", "search_articles", ["search"]),
            ("post", "/employers/{id}/status", "set_employer_status", ["employers"]),
            ("put", "/admin/users/{id}/status", "set_account_status", ["admin"]),
            ("post", "/auth/logout", "logout", ["auth"]),
            ("get", "/vacancies", "list_vacancies", ["vacancies"]),
        )
        assert operation_id_problems(document) == []
