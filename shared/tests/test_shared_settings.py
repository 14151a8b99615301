"""Settings: readable failures that name the environment variable, and sane defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from imis_shared.cli import ServiceCli
from imis_shared.settings import Environment, ServiceSettings, SettingsError, load_settings


class XSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_X_")

    api_key: str = Field(default="k" * 32, min_length=32)


class StrictSettings(XSettings):
    def check_secrets(self) -> None:
        if not self.is_development and self.api_key == "k" * 32:
            raise SettingsError("IMIS_X_API_KEY must be set outside development")


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No stray IMIS_X_* variables and no .env of the checkout leak into these tests."""
    monkeypatch.chdir(tmp_path)
    for name in (
        "PORT",
        "LOG_LEVEL",
        "LOG_FORMAT",
        "ENVIRONMENT",
        "API_KEY",
        "CORS_ORIGINS",
        "MAX_BODY_BYTES",
        "METRICS_TOKEN",
    ):
        monkeypatch.delenv(f"IMIS_X_{name}", raising=False)


class TestLoadSettings:
    def test_reads_values_from_prefixed_environment_variables(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "9001")
        monkeypatch.setenv("IMIS_X_CORS_ORIGINS", '["http://a.example"]')
        settings = load_settings(XSettings)
        assert settings.port == 9001
        assert settings.cors_origins == ["http://a.example"]

    def test_ignores_variables_of_another_prefix(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_Y_PORT", "9002")
        monkeypatch.setenv("PORT", "9003")
        assert load_settings(XSettings).port == 8000

    def test_reads_a_dotenv_file_in_the_working_directory(self, tmp_path: Path) -> None:
        (tmp_path / ".env").write_text("IMIS_X_PORT=9004\n")
        assert load_settings(XSettings).port == 9004

    def test_bad_integer_names_the_environment_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "eighty")
        with pytest.raises(SettingsError) as caught:
            load_settings(XSettings)
        message = str(caught.value)
        assert "IMIS_X_PORT" in message
        assert message.startswith("Invalid configuration for XSettings:")

    def test_out_of_range_port_names_the_environment_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "70000")
        with pytest.raises(SettingsError, match="IMIS_X_PORT"):
            load_settings(XSettings)

    def test_every_bad_variable_is_listed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "0")
        monkeypatch.setenv("IMIS_X_LOG_LEVEL", "verbose")
        with pytest.raises(SettingsError) as caught:
            load_settings(XSettings)
        assert "IMIS_X_PORT" in str(caught.value)
        assert "IMIS_X_LOG_LEVEL" in str(caught.value)

    def test_the_error_does_not_echo_the_rejected_value(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_API_KEY", "hunter2-too-short")
        with pytest.raises(SettingsError) as caught:
            load_settings(XSettings)
        assert "IMIS_X_API_KEY" in str(caught.value)
        assert "hunter2" not in str(caught.value)

    def test_the_error_hides_the_pydantic_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "x")
        with pytest.raises(SettingsError) as caught:
            load_settings(XSettings)
        assert caught.value.__cause__ is None
        assert caught.value.__suppress_context__ is True

    def test_overrides_are_validated_like_the_environment(self) -> None:
        with pytest.raises(SettingsError, match="IMIS_X_MAX_BODY_BYTES"):
            load_settings(XSettings, max_body_bytes=10)

    def test_overrides_win_over_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "9001")
        assert load_settings(XSettings, port=9005).port == 9005

    def test_runs_the_secrets_check(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_ENVIRONMENT", "production")
        with pytest.raises(SettingsError, match="IMIS_X_API_KEY must be set"):
            load_settings(StrictSettings)

    def test_secrets_check_passes_in_development(self) -> None:
        assert load_settings(StrictSettings).environment is Environment.DEVELOPMENT

    def test_a_list_setting_that_is_not_json_names_the_environment_variable(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("IMIS_X_CORS_ORIGINS", "https://portal.example")
        with pytest.raises(SettingsError, match="IMIS_X_CORS_ORIGINS"):
            load_settings(XSettings)


class TestServiceCliSettings:
    """The CLI turns a bad configuration into a message and exit code 2, before doing anything."""

    @pytest.fixture
    def cli(self, tmp_path: Path) -> ServiceCli:
        return ServiceCli("x", XSettings, "nowhere:create_app", tmp_path / "no-migrations")

    def test_bad_configuration_exits_2_with_the_message(
        self, cli: ServiceCli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("IMIS_X_PORT", "eighty")
        assert cli.main(["migrate"]) == 2
        error = capsys.readouterr().err
        assert "IMIS_X_PORT" in error
        assert "Traceback" not in error

    def test_a_non_json_list_setting_exits_2(
        self, cli: ServiceCli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("IMIS_X_CORS_ORIGINS", "https://portal.example")
        assert cli.main(["migrate"]) == 2
        assert "IMIS_X_CORS_ORIGINS" in capsys.readouterr().err


class TestMetricsTokenInProduction:
    """A service refuses to serve in production unless /metrics needs a token."""

    def test_production_without_a_token_refuses_to_serve(self) -> None:
        settings = load_settings(XSettings, environment="production")
        with pytest.raises(SettingsError, match="IMIS_X_METRICS_TOKEN must be set in production"):
            settings.check_serving()

    def test_with_a_token_or_outside_production_it_serves(self) -> None:
        load_settings(XSettings, environment="production", metrics_token="scrape-secret-1").check_serving()
        load_settings(XSettings, environment="test").check_serving()
        load_settings(XSettings).check_serving()  # development: unchanged

    def test_the_cli_refuses_to_serve_with_the_message_and_exit_2(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("IMIS_X_ENVIRONMENT", "production")
        cli = ServiceCli("x", XSettings, "nowhere:create_app", tmp_path / "no-migrations")
        assert cli.main(["serve"]) == 2
        error = capsys.readouterr().err
        assert "IMIS_X_METRICS_TOKEN" in error and "Traceback" not in error


class TestEffectiveLogFormat:
    def test_text_in_development(self) -> None:
        assert load_settings(XSettings).effective_log_format == "text"

    @pytest.mark.parametrize("environment", ["test", "production"])
    def test_json_elsewhere(self, environment: str) -> None:
        settings = load_settings(XSettings, environment=environment)
        assert not settings.is_development
        assert settings.effective_log_format == "json"

    def test_an_explicit_format_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_ENVIRONMENT", "production")
        monkeypatch.setenv("IMIS_X_LOG_FORMAT", "text")
        assert load_settings(XSettings).effective_log_format == "text"

    def test_unknown_format_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("IMIS_X_LOG_FORMAT", "xml")
        with pytest.raises(SettingsError, match="IMIS_X_LOG_FORMAT"):
            load_settings(XSettings)
