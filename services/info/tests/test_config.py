"""The info service's own settings are documented in the README's configuration tables."""

from __future__ import annotations

from pathlib import Path

from imis_info.config import InfoSettings
from imis_shared.settings import ServiceSettings

README = Path(__file__).resolve().parents[3] / "README.md"


class TestReadmeConfiguration:
    def test_lists_every_info_setting(self) -> None:
        text = README.read_text()
        own = set(InfoSettings.model_fields) - set(ServiceSettings.model_fields) - {"port", "database_url"}
        missing = [name for name in sorted(own) if f"`{name.upper()}`" not in text]
        assert own
        assert missing == []
