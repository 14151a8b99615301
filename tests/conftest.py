"""Cross-service tests: the real platform, started the way `make run` starts it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_platform import SERVICES, Platform, environment, run_platform

from imis_testing import free_port, fresh_database_url


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("platform")
    ports = {name: free_port() for name in SERVICES}
    database_urls = {name: fresh_database_url(f"e2e_{name}", workdir) for name in SERVICES}
    with run_platform(workdir, ports, environment(ports, database_urls)) as platform:
        yield platform
