"""Cross-service tests: the real platform, started the way `make run` starts it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_platform import SERVICES, Platform, environment, run_platform

from imis_testing import free_port, fresh_database_url

# Modules that read no database: the same on SQLite and PostgreSQL, so CI runs them once (.ci/run).
DATABASE_INDEPENDENT = {
    "test_architecture.py",
    "test_deploy_k8s.py",
    "test_docs.py",
    "test_openapi_published.py",
    "test_operation_ids.py",
    "test_operations_doc.py",
    "test_problem_documentation.py",
    "test_typescript_client.py",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.parent.name == "tests" and item.path.name in DATABASE_INDEPENDENT:
            item.add_marker(pytest.mark.database_independent)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("platform")
    ports = {name: free_port() for name in SERVICES} | {"broker": free_port()}
    database_urls = {name: fresh_database_url(f"e2e_{name}", workdir) for name in SERVICES}
    with run_platform(workdir, ports, environment(ports, database_urls)) as platform:
        yield platform
