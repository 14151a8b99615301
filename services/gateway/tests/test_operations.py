"""Settings refusal, the bootstrap admin and the create-user command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from gateway_helpers import ADMIN_EMAIL, login

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_shared.settings import SettingsError, load_settings
from imis_testing import app_client


class TestSettings:
    def test_production_refuses_to_start_without_a_signing_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_GATEWAY_ENVIRONMENT", "production")
        with pytest.raises(SettingsError, match="IMIS_GATEWAY_SIGNING_KEY_FILE"):
            load_settings(GatewaySettings)

    def test_production_refuses_the_development_key(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_GATEWAY_ENVIRONMENT", "production")
        monkeypatch.setenv("IMIS_GATEWAY_SIGNING_KEY_FILE", "var/gateway-dev-signing-key.pem")
        with pytest.raises(SettingsError, match="development key"):
            load_settings(GatewaySettings)

    def test_bad_value_names_the_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_GATEWAY_ACCESS_TOKEN_TTL_SECONDS", "five")
        with pytest.raises(SettingsError, match="IMIS_GATEWAY_ACCESS_TOKEN_TTL_SECONDS"):
            load_settings(GatewaySettings)

    def test_the_bootstrap_admin_needs_an_address_the_api_takes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Else the account could not be named back through the API (admins/users, a new staff account).
        monkeypatch.setenv("IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL", "admin@ministry.test")
        with pytest.raises(SettingsError, match="IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL"):
            load_settings(GatewaySettings)
        monkeypatch.setenv("IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL", " Admin@Ministry.example ")
        assert load_settings(GatewaySettings).bootstrap_admin_email == "admin@ministry.example"

    def test_cli_prints_the_problem_and_exits_2(self, tmp_path: Path) -> None:
        env = {**os.environ, "IMIS_GATEWAY_ENVIRONMENT": "production"}
        result = subprocess.run(
            [sys.executable, "-m", "imis_gateway", "migrate"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert "IMIS_GATEWAY_SIGNING_KEY_FILE" in result.stderr and "Traceback" not in result.stderr


class TestBootstrapAdmin:
    async def test_is_idempotent_across_restarts(
        self, client: httpx.AsyncClient, settings: GatewaySettings
    ) -> None:
        async with app_client(create_app(settings)) as second:
            tokens = await login(second, ADMIN_EMAIL, settings.bootstrap_admin_password.get_secret_value())  # type: ignore[union-attr]
            users = (
                await second.get("/api/v1/admin/users", params={"role": "admin"}, headers=tokens.headers)
            ).json()
        assert users["total"] == 1


class TestCreateUserCommand:
    def _run(
        self, settings: GatewaySettings, tmp_path: Path, *args: str, password: str
    ) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "IMIS_GATEWAY_DATABASE_URL": settings.database_url,
            "IMIS_GATEWAY_ENVIRONMENT": "test",
            "IMIS_GATEWAY_SIGNING_KEY_FILE": str(settings.signing_key_file),
            "IMIS_GATEWAY_PASSWORD_HASH_TIME_COST": "1",
            "IMIS_GATEWAY_PASSWORD_HASH_MEMORY_KIB": "64",
        }
        return subprocess.run(
            [sys.executable, "-m", "imis_gateway", "create-user", *args, "--password-stdin"],
            input=password + "\n",
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    async def test_creates_a_user_with_privileged_roles(
        self, client: httpx.AsyncClient, settings: GatewaySettings, tmp_path: Path
    ) -> None:
        result = self._run(
            settings,
            tmp_path,
            "--email",
            "Officer@Ministry.example",
            "--role",
            "officer",
            "--role",
            "editor",
            "--full-name",
            "Mona Officer",
            password="officer-passphrase-1",
        )
        assert result.returncode == 0, result.stderr
        assert "created officer@ministry.example" in result.stdout
        tokens = await login(client, "officer@ministry.example", "officer-passphrase-1")
        me = (await client.get("/api/v1/auth/me", headers=tokens.headers)).json()
        assert me["roles"] == ["editor", "officer"] and me["full_name"] == "Mona Officer"

    async def test_refuses_a_weak_password(
        self, client: httpx.AsyncClient, settings: GatewaySettings, tmp_path: Path
    ) -> None:
        result = self._run(settings, tmp_path, "--email", "weak@ministry.example", password="password")
        assert result.returncode == 1 and "at least 10 characters" in result.stderr
