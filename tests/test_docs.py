"""The README's configuration tables name every setting, so the docs stay true."""

from __future__ import annotations

from pathlib import Path

from imis_gateway.config import GatewaySettings
from imis_shared.settings import ServiceSettings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


class TestConfigurationTable:
    def test_lists_every_common_setting(self) -> None:
        missing = [name for name in ServiceSettings.model_fields if f"`<P>{name.upper()}`" not in README]
        assert missing == []

    def test_lists_every_gateway_setting(self) -> None:
        own = set(GatewaySettings.model_fields) - set(ServiceSettings.model_fields)
        missing = [name for name in sorted(own) if f"`{name.upper()}`" not in README]
        assert missing == []
