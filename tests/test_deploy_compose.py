"""docker-compose.yml checked against the services' settings (no container engine runs here).

The compose file is parsed and its variables interpolated as compose does with nothing set;
then, for each service, the environment its container would see — the image's ENV, the
compose ``environment`` and only the secrets compose mounts for it — must load that service's
settings in production mode, and the URLs between services must agree with their ports.
The services that take part in events send them to the broker, and each has a worker container
that runs the image's `worker` command with the same database and broker.
The PostgreSQL init script runs for real when the tests run on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import pytest
import yaml
from deploy_files import (
    BROKER_IMAGE,
    BROKER_PORT,
    EVENT_SERVICES,
    PORTS,
    ROOT,
    SETTINGS,
    parse_dockerfile,
    service_cli,
)
from sqlalchemy.engine import make_url

from imis_shared.settings import SECRETS_DIR_ENV, ServiceSettings, load_settings
from imis_testing import TEST_DATABASE_ENV

sys.path.insert(0, str(ROOT / "deploy" / "compose"))
from make_secrets import make_secrets

SERVICES = list(SETTINGS)
RUN_SECRETS = "/run/secrets"
_VARIABLE = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def interpolate(value: Any) -> Any:
    """Compose's ${VAR:-default} with no variable set."""
    if isinstance(value, str):
        return _VARIABLE.sub(lambda match: match.group(2) or "", value)
    if isinstance(value, list):
        return [interpolate(item) for item in value]
    if isinstance(value, dict):
        return {key: interpolate(item) for key, item in value.items()}
    return value


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = interpolate(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))
    return document


@pytest.fixture(scope="module")
def secrets_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("compose") / "secrets"
    make_secrets(directory)
    return directory


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(params=EVENT_SERVICES)
def event_service(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def container_settings(
    compose: dict[str, Any],
    name: str,
    secrets_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    container: str | None = None,
) -> ServiceSettings:
    """The settings the service's container (its server unless ``container`` names another) would load."""
    definition = compose["services"][container or name]
    mounted = tmp_path / (container or name) / "run-secrets"
    mounted.mkdir(parents=True)
    for secret in definition.get("secrets", []):
        source = compose["secrets"][secret]["file"]
        assert source == f"deploy/compose/secrets/{secret}"
        shutil.copy(secrets_dir / secret, mounted / secret)
    environment = {
        **parse_dockerfile(ROOT / "services" / name / "Dockerfile").final.env(),
        **{key: str(value) for key, value in definition["environment"].items()},
    }
    for key in [key for key in os.environ if key.startswith("IMIS_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)  # no .env file
    for key, value in environment.items():
        if key.startswith("IMIS_"):
            monkeypatch.setenv(key, value.replace(RUN_SECRETS, str(mounted)))
    return load_settings(SETTINGS[name])


class TestServices:
    def test_each_service_loads_its_settings_in_production_from_what_compose_gives_it(
        self,
        compose: dict[str, Any],
        service: str,
        secrets_dir: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        settings = container_settings(compose, service, secrets_dir, tmp_path, monkeypatch)
        assert settings.environment == "production"
        url = make_url(settings.database_url)
        assert (url.host, url.port, url.database, url.username) == (
            "postgres",
            5432,
            f"imis_{service}",
            f"imis_{service}",
        )
        assert url.password  # from the secret file, not from the compose file
        assert settings.jwt_issuer == "http://localhost:8000"
        assert settings.metrics_token is not None  # from the secret file; production needs it to serve
        settings.check_serving()
        if service == "gateway":
            assert settings.signing_key_file is not None and settings.signing_key_file.is_file()
        else:
            assert settings.jwks_url == f"http://gateway:{PORTS['gateway']}/.well-known/jwks.json"

    def test_sets_only_real_settings(self, compose: dict[str, Any], service: str) -> None:
        prefix = f"IMIS_{service.upper()}_"
        containers = [name for name in (service, f"{service}-worker") if name in compose["services"]]
        for container in containers:
            environment = compose["services"][container]["environment"]
            unknown = {
                key for key in environment if key != SECRETS_DIR_ENV and not key.startswith(prefix)
            } | {
                key
                for key in environment
                if key.startswith(prefix) and key[len(prefix) :].lower() not in SETTINGS[service].model_fields
            }
            assert unknown == set(), container

    def test_migrates_before_it_starts_and_waits_for_a_healthy_database(
        self, compose: dict[str, Any], service: str
    ) -> None:
        services = compose["services"]
        serve, migrate = services[service], services[f"{service}-migrate"]
        assert serve["image"] == migrate["image"] and serve["build"] == migrate["build"]
        assert serve["build"] == {"context": ".", "dockerfile": f"services/{service}/Dockerfile"}
        assert migrate["command"] == ["migrate"] and migrate["restart"] == "no"
        assert migrate["secrets"] == [f"imis_{service}_database_url", *migrate["secrets"][1:]]
        assert serve["depends_on"][f"{service}-migrate"] == {"condition": "service_completed_successfully"}
        assert serve["depends_on"]["postgres"] == {"condition": "service_healthy"}
        assert migrate["depends_on"]["postgres"] == {"condition": "service_healthy"}

    def test_has_the_images_healthcheck_and_a_read_only_root(
        self, compose: dict[str, Any], service: str
    ) -> None:
        definition = compose["services"][service]
        assert definition["healthcheck"]["test"] == ["CMD", f"imis-{service}", "healthcheck"]
        assert definition["read_only"] is True
        volumes = parse_dockerfile(ROOT / "services" / service / "Dockerfile").final.last("VOLUME")
        assert volumes is not None and set(definition["tmpfs"]) == set(volumes.exec_form())
        assert definition["cap_drop"] == ["ALL"]


class TestPlatform:
    def test_only_the_gateway_publishes_a_port(self, compose: dict[str, Any]) -> None:
        published = {name: item["ports"] for name, item in compose["services"].items() if "ports" in item}
        assert published == {"gateway": [f"8000:{PORTS['gateway']}"]}
        assert compose["networks"]["backend"]["internal"] is True
        assert "edge" in compose["services"]["gateway"]["networks"]
        others = [name for name in compose["services"] if name != "gateway"]
        # Internal networks only: backend, and events for those that take part in events (TestEvents).
        assert all(set(compose["services"][name]["networks"]) <= {"backend", "events"} for name in others)

    def test_the_gateway_routes_to_each_service_on_its_port(
        self, compose: dict[str, Any], secrets_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        gateway = container_settings(compose, "gateway", secrets_dir, tmp_path, monkeypatch)
        assert gateway.upstreams == {
            name: f"http://{name}:{PORTS[name]}" for name in ("jobs", "diaspora", "info")
        }
        for name in ("jobs", "diaspora", "info"):
            assert name in compose["services"]  # the host name is the compose service
        assert gateway.redis_url is not None
        redis = urlsplit(gateway.redis_url.get_secret_value())
        assert redis.hostname in compose["services"] and redis.port == 6379
        assert compose["services"]["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
        # It publishes its own port, with no proxy in front: the TCP peer is the caller.
        assert gateway.trusted_proxies == []

    def test_postgres_runs_the_init_script_on_a_named_volume(self, compose: dict[str, Any]) -> None:
        postgres = compose["services"]["postgres"]
        volumes = postgres["volumes"]
        named = [volume.split(":")[0] for volume in volumes if not volume.startswith(".")]
        assert named and set(named) <= set(compose["volumes"])
        script = next(volume for volume in volumes if "docker-entrypoint-initdb.d" in volume)
        assert (ROOT / script.split(":")[0]).is_file() and script.endswith(":ro")
        assert os.access(ROOT / script.split(":")[0], os.X_OK)  # run by the image, not sourced into it
        assert set(postgres["secrets"]) == {"postgres_password"} | {
            f"{name}_db_password" for name in SERVICES
        }
        assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]

    def test_every_secret_is_declared_and_made_by_make_secrets(
        self, compose: dict[str, Any], secrets_dir: Path
    ) -> None:
        used = {secret for item in compose["services"].values() for secret in item.get("secrets", [])}
        assert used == set(compose["secrets"])
        assert {path.name for path in secrets_dir.iterdir()} == set(compose["secrets"])
        assert "secrets/" in (ROOT / "deploy" / "compose" / ".gitignore").read_text()

    def test_make_secrets_keeps_what_exists(self, tmp_path: Path) -> None:
        first = make_secrets(tmp_path)
        key = (tmp_path / "gateway_signing_key").read_bytes()
        assert make_secrets(tmp_path) == [] and len(first) == 15
        assert (tmp_path / "gateway_signing_key").read_bytes() == key
        password = (tmp_path / "jobs_db_password").read_text()
        assert (
            f"imis_jobs:{password}@postgres:5432/imis_jobs"
            in (tmp_path / "imis_jobs_database_url").read_text()
        )


class TestEvents:
    def test_only_gateway_jobs_and_diaspora_take_part(self) -> None:
        # Guards the rest of this class: a service that gains a `worker` command needs one deployed.
        assert EVENT_SERVICES == ["gateway", "jobs", "diaspora"]

    def test_the_broker_is_the_tested_nats_with_jetstream_stored_on_a_named_volume(
        self, compose: dict[str, Any]
    ) -> None:
        nats = compose["services"]["nats"]
        assert nats["image"] == BROKER_IMAGE
        command = nats["command"]
        assert "-js" in command and command[command.index("-sd") + 1] == "/data"
        [store] = [volume for volume in nats["volumes"] if volume.split(":")[1] == "/data"]
        assert store.split(":")[0] in compose["volumes"]  # a named volume, kept across restarts
        monitor = command[command.index("-m") + 1]
        check = nats["healthcheck"]["test"]
        assert check[0] == "CMD" and check[-1] == f"http://127.0.0.1:{monitor}/healthz?js-enabled-only=true"
        assert nats["restart"] == "unless-stopped"
        assert nats["read_only"] is True and nats["cap_drop"] == ["ALL"] and "ports" not in nats

    def test_only_the_services_in_events_and_their_workers_can_reach_the_broker(
        self, compose: dict[str, Any]
    ) -> None:
        assert compose["networks"]["events"]["internal"] is True
        on_events = {name for name, item in compose["services"].items() if "events" in item["networks"]}
        assert on_events == {"nats", *EVENT_SERVICES, *(f"{name}-worker" for name in EVENT_SERVICES)}
        assert compose["services"]["nats"]["networks"] == ["events"]  # no way to it from backend

    def test_each_server_records_events_for_the_broker_and_leaves_them_to_its_worker(
        self,
        compose: dict[str, Any],
        event_service: str,
        secrets_dir: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        settings = container_settings(compose, event_service, secrets_dir, tmp_path, monkeypatch)
        assert settings.events_url is not None
        url = urlsplit(settings.events_url)
        assert (url.scheme, url.hostname, url.port) == ("nats", "nats", BROKER_PORT)
        assert url.hostname in compose["services"]
        assert settings.events_in_process is False

    def test_each_worker_runs_the_images_worker_command_on_the_servers_database_and_broker(
        self,
        compose: dict[str, Any],
        event_service: str,
        secrets_dir: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        services = compose["services"]
        serve, worker = services[event_service], services[f"{event_service}-worker"]
        assert worker["image"] == serve["image"] and worker["build"] == serve["build"]
        assert service_cli(event_service).parser().parse_args(worker["command"]).command == "worker"
        server_settings = container_settings(compose, event_service, secrets_dir, tmp_path, monkeypatch)
        worker_settings = container_settings(
            compose, event_service, secrets_dir, tmp_path, monkeypatch, container=f"{event_service}-worker"
        )
        assert worker_settings.environment == "production"
        assert worker_settings.database_url == server_settings.database_url
        assert worker_settings.events_url == server_settings.events_url
        assert worker_settings.events_subject_prefix == server_settings.events_subject_prefix
        # What loading the settings needs, as for the migrate container; not the metrics token or the
        # administrator's password, which only the server uses.
        assert worker["secrets"] == services[f"{event_service}-migrate"]["secrets"]
        assert set(worker["secrets"]) < set(serve["secrets"])
        assert worker["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "nats": {"condition": "service_healthy"},
            f"{event_service}-migrate": {"condition": "service_completed_successfully"},
        }

    def test_each_worker_is_hardened_and_not_checked_over_http(
        self, compose: dict[str, Any], event_service: str
    ) -> None:
        worker = compose["services"][f"{event_service}-worker"]
        # The image's HEALTHCHECK asks the server's /health, which a worker does not serve.
        assert worker["healthcheck"] == {"disable": True}
        assert "ports" not in worker and worker["restart"] == "unless-stopped"
        assert worker["read_only"] is True and worker["cap_drop"] == ["ALL"]
        volumes = parse_dockerfile(ROOT / "services" / event_service / "Dockerfile").final.last("VOLUME")
        assert volumes is not None and set(worker["tmpfs"]) == set(volumes.exec_form())

    def test_info_has_no_broker_and_no_worker(self, compose: dict[str, Any]) -> None:
        assert [key for key in compose["services"]["info"]["environment"] if "EVENTS" in key] == []
        workers = {name for name in compose["services"] if name.endswith("-worker")}
        assert workers == {f"{name}-worker" for name in EVENT_SERVICES}


@pytest.mark.skipif(not os.environ.get(TEST_DATABASE_ENV), reason="runs on PostgreSQL only")
class TestPostgresInitScript:
    def test_creates_one_database_and_role_per_service_each_closed_to_the_others(
        self, tmp_path: Path
    ) -> None:
        server = make_url(os.environ[TEST_DATABASE_ENV])
        prefix = f"imis_init_{uuid.uuid4().hex[:6]}_"
        secrets = tmp_path / "secrets"
        make_secrets(secrets)
        env = {
            **os.environ,
            "SECRETS_DIR": str(secrets),
            "IMIS_DB_PREFIX": prefix,
            "IMIS_SERVICES": "gateway jobs",
            "POSTGRES_USER": server.username or "postgres",
            "PGHOST": server.host or "127.0.0.1",
            "PGPORT": str(server.port or 5432),
        }
        if server.password:
            env["PGPASSWORD"] = server.password
        result = subprocess.run(
            ["sh", str(ROOT / "deploy" / "compose" / "postgres-init.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        try:
            assert result.returncode == 0, result.stderr
            assert asyncio.run(self._connects(server, prefix, "jobs", "jobs", secrets)) is True
            assert asyncio.run(self._connects(server, prefix, "jobs", "gateway", secrets)) is False
        finally:
            asyncio.run(self._drop(server, prefix))

    @staticmethod
    async def _connects(server: Any, prefix: str, role: str, database: str, secrets: Path) -> bool:
        try:
            connection = await asyncpg.connect(
                host=server.host or "127.0.0.1",
                port=server.port or 5432,
                user=prefix + role,
                password=(secrets / f"{role}_db_password").read_text(),
                database=prefix + database,
            )
        except asyncpg.InsufficientPrivilegeError:
            return False
        try:
            await connection.execute("CREATE TABLE owned_here (id int)")  # the role owns its database
            return True
        finally:
            await connection.close()

    @staticmethod
    async def _drop(server: Any, prefix: str) -> None:
        connection = await asyncpg.connect(
            host=server.host or "127.0.0.1",
            port=server.port or 5432,
            user=server.username or "postgres",
            password=server.password,
            database=server.database or "postgres",
        )
        try:
            for name in ("gateway", "jobs"):
                await connection.execute(f'DROP DATABASE IF EXISTS "{prefix}{name}" WITH (FORCE)')
                await connection.execute(f'DROP ROLE IF EXISTS "{prefix}{name}"')
        finally:
            await connection.close()
