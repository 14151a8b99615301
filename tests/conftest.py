"""Cross-service tests: the real platform, started the way `make run` starts it."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from e2e_platform import SERVICES, Platform, environment, wait_ready

from imis_shared.testing import free_port, fresh_database_url


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("platform")
    ports = {name: free_port() for name in SERVICES}
    database_urls = {name: fresh_database_url(f"e2e_{name}", workdir) for name in SERVICES}
    imis = Path(sys.executable).parent / "imis"
    log = workdir / "platform.log"  # a file, not a pipe: a full pipe would block the services
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(imis), "up"],
            cwd=workdir,
            env=environment(ports, database_urls),
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    platform = Platform(process, ports, workdir, log)
    try:
        try:
            wait_ready(platform.gateway, process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}; the platform's output:\n{log.read_text()[-4000:]}") from None
        yield platform
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
