"""Starting the real platform for cross-service tests, the way `make run` does."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

SERVICES = ("gateway", "jobs", "diaspora", "info")
ADMIN_EMAIL = "admin@imis.test"
ADMIN_PASSWORD = "admin-passphrase-2026"


@dataclass
class Platform:
    process: subprocess.Popen[str]
    ports: dict[str, int]
    workdir: Path
    log: Path

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def children(self) -> list[int]:
        """PIDs of the service processes that `imis up` started."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return pids


def environment(ports: dict[str, int], database_urls: dict[str, str]) -> dict[str, str]:
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("IMIS_")}
    for name in SERVICES:
        prefix = f"IMIS_{name.upper()}_"
        env[prefix + "PORT"] = str(ports[name])
        env[prefix + "DATABASE_URL"] = database_urls[name]
        env[prefix + "JWT_ISSUER"] = gateway
        if name != "gateway":
            env[prefix + "JWKS_URL"] = f"{gateway}/.well-known/jwks.json"
            env[f"IMIS_GATEWAY_{name.upper()}_URL"] = f"http://127.0.0.1:{ports[name]}"
    env.update(
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=ADMIN_PASSWORD,
        IMIS_GATEWAY_PASSWORD_HASH_TIME_COST="1",
        IMIS_GATEWAY_PASSWORD_HASH_MEMORY_KIB="1024",
    )
    return env


def wait_ready(url: str, process: subprocess.Popen[str], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"imis up exited early with {process.returncode}")
        try:
            if httpx.get(f"{url}/ready", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the platform did not become ready in time")
