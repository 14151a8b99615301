"""docker-compose.yml checked against the services' settings (no container engine runs here).

The compose file is parsed and its variables interpolated as compose does with nothing set;
then, for each service, the environment its container would see — the image's ENV, the
compose ``environment`` and only the secrets compose mounts for it — must load that service's
settings in production mode, and the URLs between services must agree with their ports.
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
from deploy_files import PORTS, ROOT, SETTINGS, parse_dockerfile
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


def container_settings(
    compose: dict[str, Any], name: str, secrets_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> ServiceSettings:
    """The settings the service's container would load."""
    definition = compose["services"][name]
    mounted = tmp_path / "run-secrets"
    mounted.mkdir()
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
        environment = compose["services"][service]["environment"]
        unknown = {key for key in environment if key != SECRETS_DIR_ENV and not key.startswith(prefix)} | {
            key
            for key in environment
            if key.startswith(prefix) and key[len(prefix) :].lower() not in SETTINGS[service].model_fields
        }
        assert unknown == set()

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
        assert all(compose["services"][name]["networks"] == ["backend"] for name in others)

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
