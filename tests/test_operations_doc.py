"""docs/operations.md stays true: its settings tables are what the Settings classes say, and the
metrics it tells operators to alert on are the ones the services export."""

from __future__ import annotations

import re
import sys

from deploy_files import ROOT

from imis_shared.metrics import ServiceMetrics

sys.path.insert(0, str(ROOT / "scripts"))
import settings_doc

DOC = (ROOT / "docs" / "operations.md").read_text()


class TestSettingsTables:
    def test_are_current(self) -> None:
        assert settings_doc.current_block(DOC) == settings_doc.render(), (
            "docs/operations.md's settings tables are out of date: run `make docs-settings`"
        )

    def test_name_every_setting_of_every_service(self) -> None:
        block = settings_doc.current_block(DOC)
        for cls in settings_doc.SERVICES.values():
            missing = [name for name in cls.model_fields if f"| `{name.upper()}` |" not in block]
            assert missing == []

    def test_mark_secrets(self) -> None:
        block = settings_doc.current_block(DOC)
        for name in ("DATABASE_URL", "REDIS_URL", "BOOTSTRAP_ADMIN_PASSWORD", "METRICS_TOKEN"):
            row = next(line for line in block.splitlines() if line.startswith(f"| `{name}` |"))
            assert row.endswith("**secret** |"), row


class TestGuide:
    def test_covers_what_an_operator_needs(self) -> None:
        headings = set(re.findall(r"^## (.+)$", DOC, flags=re.MULTILINE))
        assert {
            "Deploy with Docker Compose (one host)",
            "Deploy on Kubernetes",
            "Settings",
            "The first administrator",
            "Signing-key rotation",
            "Backups and restore",
            "Upgrades",
            "Scaling",
            "Monitoring",
            "When a service is down",
        } <= headings

    def test_documents_exactly_the_exported_metrics(self) -> None:
        registry = ServiceMetrics("demo").registry
        exported = {family.name for family in registry.collect()}
        exported = {
            f"{name}_total" if name in {"imis_http_requests", "imis_upstream_errors"} else name
            for name in exported
        }
        exported.add("imis_db_pool_connections")  # read from the pool at scrape time
        documented = set(re.findall(r"^\| `(imis_[a-z_]+)` \|", DOC, flags=re.MULTILINE))
        assert documented == exported
