"""The container images: what each Dockerfile declares, and the commands it runs, run for real.

No container engine runs here, so nothing builds an image. Instead the Dockerfiles are read
and checked (pinned base, two stages, constraints, non-root, read-only friendly, health
check, entrypoint), and their ENTRYPOINT/CMD and migrate command are run as the same CLI
commands, with the environment the image sets, against a real database.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from deploy_files import (
    PORTS,
    ROOT,
    SETTINGS,
    Dockerfile,
    dockerignore_excludes,
    dockerignore_patterns,
    parse_dockerfile,
)
from e2e_platform import child_pids
from prometheus_client.parser import text_string_to_metric_families

from imis_gateway.tokens.keys import generate_pem
from imis_testing import free_port, fresh_database_url

BIN = Path(sys.executable).parent
METRICS_TOKEN = "scrape-token-for-tests"
SERVICES = list(SETTINGS)


@pytest.fixture(scope="module", params=SERVICES)
def service(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def dockerfile(name: str) -> Dockerfile:
    return parse_dockerfile(ROOT / "services" / name / "Dockerfile")


class TestDockerfiles:
    def test_builds_in_two_stages_from_a_pinned_slim_python(self, service: str) -> None:
        image = dockerfile(service)
        assert len(image.stages) >= 2
        for stage in image.stages:
            assert re.fullmatch(r"python:3\.\d+\.\d+-slim-\w+(@sha256:[0-9a-f]{64})?", stage.base), stage.base
        runtime = image.final
        copies = [item.arguments for item in runtime.all("COPY")]
        assert copies and all(copy.startswith("--from=") for copy in copies)  # only the built venv

    def test_installs_exact_versions_from_constraints(self, service: str) -> None:
        build = dockerfile(service).stages[0]
        installs = [item.arguments for item in build.all("RUN") if "pip install" in item.arguments]
        assert installs and all("-c constraints.txt" in command for command in installs)
        assert f"./services/{service}" in installs[0] and "./shared" in installs[0]
        assert "-e " not in installs[0]  # a real install, not a link to the source tree

    def test_runs_as_a_non_root_user_with_declared_writable_dirs(self, service: str) -> None:
        runtime = dockerfile(service).final
        user = runtime.last("USER")
        assert user is not None
        uid = user.arguments.split(":")[0]
        assert uid.isdigit() and int(uid) >= 1000  # numeric, so Kubernetes' runAsNonRoot can check it
        volume = runtime.last("VOLUME")
        assert volume is not None and set(volume.exec_form()) == {"/tmp", "/var/lib/imis"}  # noqa: S108
        workdir = runtime.last("WORKDIR")
        assert workdir is not None and workdir.arguments in volume.exec_form()
        env = runtime.env()
        assert env["PYTHONDONTWRITEBYTECODE"] == "1"  # nothing written next to the code

    def test_serves_with_the_service_cli_and_checks_its_health(self, service: str) -> None:
        runtime = dockerfile(service).final
        prefix = f"IMIS_{service.upper()}_"
        env = runtime.env()
        assert runtime.last("ENTRYPOINT") is not None and runtime.last("CMD") is not None
        assert runtime.last("ENTRYPOINT").exec_form() == [f"imis-{service}"]  # type: ignore[union-attr]
        assert runtime.last("CMD").exec_form() == ["serve"]  # type: ignore[union-attr]
        healthcheck = runtime.last("HEALTHCHECK")
        assert healthcheck is not None
        assert healthcheck.arguments.split("CMD", 1)[1].strip() == f'["imis-{service}", "healthcheck"]'
        assert env[prefix + "PORT"] == str(PORTS[service])
        assert runtime.last("EXPOSE").arguments == str(PORTS[service])  # type: ignore[union-attr]
        assert env[prefix + "HOST"] == "0.0.0.0"
        assert env[prefix + "ENVIRONMENT"] == "production"
        assert int(env[prefix + "WORKERS"]) >= 1
        unknown = {key[len(prefix) :].lower() for key in env if key.startswith(prefix)} - set(
            SETTINGS[service].model_fields
        )
        assert unknown == set()  # every IMIS_ variable the image sets is a real setting

    def test_the_build_context_holds_what_is_copied_and_no_tests(self, service: str) -> None:
        patterns = dockerignore_patterns()
        build = dockerfile(service).stages[0]
        for copy in build.all("COPY"):
            *sources, _target = copy.arguments.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                inside = f"{source.rstrip('/')}/pyproject.toml" if (ROOT / source).is_dir() else source
                assert not dockerignore_excludes(inside, patterns), source
        assert not dockerignore_excludes(f"services/{service}/src/imis_{service}/main.py", patterns)
        for left_out in (
            f"services/{service}/tests/conftest.py",
            ".venv/bin/python",
            "var/gateway.sqlite3",
            ".git/HEAD",
        ):
            assert dockerignore_excludes(left_out, patterns), left_out

    def test_leaves_out_the_test_support(self, service: str) -> None:
        """imis_testing (testing/) serves the suites: outside the build context, installed by no image."""
        assert dockerignore_excludes("testing/src/imis_testing/__init__.py", dockerignore_patterns())
        build = dockerfile(service).stages[0]
        steps = [item.arguments for item in [*build.all("COPY"), *build.all("RUN")]]
        assert steps and not any("testing" in step for step in steps)


def _image_environment(service: str, tmp_path: Path) -> dict[str, str]:
    """The variables the image sets, plus a database, a port on loopback and (gateway) a key."""
    prefix = f"IMIS_{service.upper()}_"
    env = {key: value for key, value in os.environ.items() if not key.startswith("IMIS_")}
    image_env = dockerfile(service).final.env()
    env.update({key: value for key, value in image_env.items() if key.startswith(("IMIS_", "PYTHON"))})
    env[prefix + "HOST"] = "127.0.0.1"  # the image binds 0.0.0.0; tests stay on loopback
    env[prefix + "PORT"] = str(free_port())
    env[prefix + "DATABASE_URL"] = fresh_database_url(f"image_{service}", tmp_path)
    env[prefix + "METRICS_TOKEN"] = METRICS_TOKEN  # the images run in production, which needs it to serve
    if service == "gateway":
        env[prefix + "WORKERS"] = "2"  # workers come from the setting, as in the image
        key = tmp_path / "signing-key.pem"
        key.write_bytes(generate_pem())
        env[prefix + "SIGNING_KEY_FILE"] = str(key)
        for upstream in ("JOBS", "DIASPORA", "INFO"):
            env[f"{prefix}{upstream}_URL"] = f"http://127.0.0.1:{free_port()}"
    return env


def _command(service: str, *, instruction: str | None = None, argument: str | None = None) -> list[str]:
    runtime = dockerfile(service).final
    entrypoint = runtime.last("ENTRYPOINT")
    assert entrypoint is not None
    program, *rest = entrypoint.exec_form()
    command = [str(BIN / program), *rest]
    if instruction is not None:
        cmd = runtime.last(instruction)
        assert cmd is not None
        return [*command, *cmd.exec_form()]
    return [*command, argument or ""]


def _wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 240  # a loaded CI machine starts services slowly
    while True:
        assert server.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, "did not start"
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)


class TestImageCommands:
    """The images' migrate, serve and healthcheck commands with the images' environment; all
    four services at once, as the commands are slow to start (imports, reference data)."""

    def test_migrate_then_serve_then_healthcheck(self, tmp_path: Path) -> None:
        envs = {name: _image_environment(name, tmp_path) for name in SERVICES}
        workdirs = {name: tmp_path / f"{name}-workdir" for name in SERVICES}
        for workdir in workdirs.values():
            workdir.mkdir()
        migrations = {
            name: subprocess.Popen(
                _command(name, argument="migrate"),
                env=envs[name],
                cwd=workdirs[name],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in SERVICES
        }
        for name, migration in migrations.items():
            _out, errors = migration.communicate(timeout=240)
            assert migration.returncode == 0, (name, errors)
        gateway_check = _command("gateway", argument="healthcheck")
        before = subprocess.run(
            gateway_check, env=envs["gateway"], capture_output=True, text=True, timeout=60, check=False
        )
        assert before.returncode == 1 and "unhealthy" in before.stderr
        logs = {name: tmp_path / f"{name}.log" for name in SERVICES}
        servers: dict[str, subprocess.Popen[bytes]] = {}
        try:
            for name in SERVICES:
                with logs[name].open("w") as log:
                    servers[name] = subprocess.Popen(
                        _command(name, instruction="CMD"),
                        env=envs[name],
                        cwd=workdirs[name],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
            for name in SERVICES:
                prefix = f"IMIS_{name.upper()}_"
                base = f"http://127.0.0.1:{envs[name][prefix + 'PORT']}"
                _wait_healthy(base, servers[name], logs[name])
                check = subprocess.run(
                    _command(name, argument="healthcheck"),
                    env=envs[name],
                    capture_output=True,
                    text=True,
                    timeout=60,
                    check=False,
                )
                assert check.returncode == 0, (name, check.stderr)
                ready = httpx.get(f"{base}/ready", timeout=5)
                assert ready.json()["checks"]["migrations"] == "ok", (name, ready.text)
                if name != "gateway":  # the gateway's readiness also needs its upstreams
                    assert ready.status_code == 200, ready.text
                # Production: every service wants its metrics token.
                assert httpx.get(f"{base}/metrics", timeout=5).status_code == 401
                scraped = httpx.get(
                    f"{base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=5
                )
                assert scraped.status_code == 200
            workers = [
                pid
                for pid in child_pids(servers["gateway"].pid)
                if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
            assert len(workers) == 2  # IMIS_GATEWAY_WORKERS=2: uvicorn's worker processes
            self._scrapes_add_up_every_worker(f"http://127.0.0.1:{envs['gateway']['IMIS_GATEWAY_PORT']}")
        finally:
            for server in servers.values():
                server.send_signal(signal.SIGTERM)
            for server in servers.values():
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
        for name, server in servers.items():
            output = logs[name].read_text()
            # uvicorn stops gracefully on SIGTERM, then exits by that signal.
            assert server.returncode in (0, -signal.SIGTERM), output[-3000:]
            assert "Application shutdown complete." in output
            assert '"level": "INFO"' in output  # production mode: JSON lines
            assert list(workdirs[name].iterdir()) == []  # wrote nothing where it runs

    @staticmethod
    def _scrapes_add_up_every_worker(base: str) -> None:
        """Whichever worker answers a scrape, it reports the requests both workers served."""

        def unmatched_404s() -> float:
            text = httpx.get(
                f"{base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=5
            ).text
            return sum(
                sample.value
                for family in text_string_to_metric_families(text)
                for sample in family.samples
                if sample.name == "imis_http_requests_total"
                and sample.labels["route"] == "unmatched"
                and sample.labels["status"] == "404"
            )

        for index in range(12):  # each on a new connection, so both workers take some
            assert httpx.get(f"{base}/no-such-page-{index}", timeout=5).status_code == 404
        assert [unmatched_404s() for _ in range(6)] == [12.0] * 6
