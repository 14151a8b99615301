"""Starting the real platform for cross-service tests, the way `make run` does."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from imis_testing import free_port

SERVICES = ("gateway", "jobs", "diaspora", "info")
ADMIN_EMAIL = "admin@imis.example"
ADMIN_PASSWORD = "admin-passphrase-2026"


# A message the gateway logged instead of mailing it (development, no SMTP server): its recipient and
# the token of its link.
MAILED_LINK = re.compile(
    r"no SMTP server \(development\): message .*?verify-email\?token=([A-Za-z0-9_\-]+)", re.DOTALL
)


@dataclass
class Platform:
    process: subprocess.Popen[str]
    ports: dict[str, int]
    workdir: Path
    log: Path

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def mailed_links(self) -> list[str]:
        return MAILED_LINK.findall(self.log.read_text(errors="replace"))

    def link_after(self, seen: int) -> str:
        """The token of the first link logged after the ``seen`` ones (waiting for it a little)."""
        deadline = time.monotonic() + 20
        links = self.mailed_links()
        while len(links) <= seen and time.monotonic() < deadline:
            time.sleep(0.1)
            links = self.mailed_links()
        assert len(links) > seen, "no link was logged"
        return links[seen]

    def children(self) -> list[int]:
        """PIDs of the service processes that `imis up` started."""
        return child_pids(self.process.pid)

    def bearer(self, email: str, password: str) -> dict[str, str]:
        """The Authorization header of ``email`` signed in with the password grant."""
        form = {"grant_type": "password", "username": email, "password": password}
        response = httpx.post(f"{self.gateway}/api/v1/auth/token", data=form, timeout=30)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def register(self, body: dict[str, Any]) -> dict[str, Any]:
        """Register with ``body`` and use the activation link the gateway mailed: in development,
        with no mail server, the gateway writes its messages (not their recipients) to the log,
        and this registration's link is the one that appears after it. The account."""
        seen = len(self.mailed_links())
        registered = httpx.post(f"{self.gateway}/api/v1/auth/register", json=body, timeout=30)
        assert registered.status_code == 202, registered.text
        confirmed = httpx.post(
            f"{self.gateway}/api/v1/auth/email-verification/confirm",
            json={"token": self.link_after(seen)},
            timeout=30,
        )
        assert confirmed.status_code == 200, confirmed.text
        account: dict[str, Any] = confirmed.json()
        return account

    def staff(self, role: str, email: str, password: str) -> dict[str, str]:
        """The Authorization header of a new account to which the admin granted ``role``."""
        account = self.register(
            {"email": email, "password": password, "full_name": "Staff", "roles": ["job_seeker"]}
        )
        granted = httpx.post(
            f"{self.gateway}/api/v1/admin/users/{account['id']}/roles",
            json={"role": role},
            headers=self.bearer(ADMIN_EMAIL, ADMIN_PASSWORD),
            timeout=30,
        )
        assert granted.status_code == 200, granted.text
        return self.bearer(email, password)


def child_pids(parent: int) -> list[int]:
    """PIDs of the processes whose parent is ``parent`` (read from /proc)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


@contextmanager
def run_platform(workdir: Path, ports: dict[str, int], env: dict[str, str]) -> Iterator[Platform]:
    """`imis up` in ``workdir`` with ``env``, once ready; stopped (SIGINT, as Ctrl-C) on exit.

    Its output goes to ``workdir/platform.log``: a file, not a pipe, as a full pipe would
    block the services.
    """
    log = workdir / "platform.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "imis"), "up", "--startup-timeout", "180"],
            cwd=workdir,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    platform = Platform(process, ports, workdir, log)
    try:
        try:
            wait_ready(platform.gateway, process)
            wait_document_complete(platform.gateway)
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


# The gateway's rate limits are per address, and every request of a test run comes from 127.0.0.1: at
# the defaults a module that registers and signs in many people (the contract run, the programmes)
# would answer only 429 after the 20th registration or the 30th sign-in. The limits themselves are
# tested in the gateway's tests; such modules raise them (a 429 is still documented and accepted).
RATE_LIMITS = {
    "IMIS_GATEWAY_REGISTRATIONS_PER_ADDRESS": "100000",
    "IMIS_GATEWAY_LOGIN_ATTEMPTS_PER_ADDRESS": "100000",
    "IMIS_GATEWAY_LOGIN_FAILURES_PER_ACCOUNT": "100000",
    "IMIS_GATEWAY_EMAIL_VERIFICATIONS_PER_ACCOUNT": "100000",
}


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
    # `imis up` starts its embedded NATS server: on a port of its own, so platforms run side by side.
    env["IMIS_BROKER_PORT"] = str(ports.get("broker") or free_port())
    env.update(
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL=ADMIN_EMAIL,
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=ADMIN_PASSWORD,
        IMIS_GATEWAY_PASSWORD_HASH_TIME_COST="1",
        IMIS_GATEWAY_PASSWORD_HASH_MEMORY_KIB="1024",
        # These platforms rarely search: each search index is built by the first search needing it.
        IMIS_JOBS_SEARCH_INDEXES="on_first_search",
    )
    return env


def wait_ready(url: str, process: subprocess.Popen[str], timeout: float = 240.0) -> None:
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


def wait_document_complete(url: str, timeout: float = 120.0) -> None:
    """Until the gateway's merged OpenAPI document holds every service. A service builds its document
    on the first request; on a loaded machine that can outlast the gateway's fetch timeout, and the
    gateway then serves (without caching) a document that lacks it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            document = httpx.get(f"{url}/openapi.json", timeout=30).json()
            if document["info"].get("x-imis-missing-services") == []:
                return
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(1)
    raise RuntimeError("the gateway's OpenAPI document still lacks a service")
