"""The house structure holds in every service (scripts/architecture.py, docs/architecture.md): routers
never import routers, only repositories, models and migrations build SQL, and no two domain packages
of a service depend on each other."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from deploy_files import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import architecture

SERVICES = [architecture.load(name) for name in architecture.SERVICES]
IDS = [service.name for service in SERVICES]


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
class TestServiceStructure:
    def test_no_router_imports_a_router(self, service: architecture.Service) -> None:
        assert architecture.router_imports(service) == []

    def test_only_repositories_models_and_migrations_build_sql(self, service: architecture.Service) -> None:
        assert architecture.sql_outside_repositories(service) == []

    def test_no_two_packages_depend_on_each_other(self, service: architecture.Service) -> None:
        assert architecture.package_cycles(service) == []

    def test_runtime_code_imports_no_test_support(self, service: architecture.Service) -> None:
        assert architecture.test_support_imports(service) == []


class TestSharedLibrary:
    def test_imports_no_test_support(self) -> None:
        """Production installs carry imis_shared without pytest or imis_testing (testing/)."""
        assert architecture.test_support_imports(architecture.load("shared")) == []


class TestTheChecksCatchBreaches:
    """The checks are only worth their passing if they fail on the breaches they name."""

    def _service(self, tmp_path: Path, files: dict[str, str]) -> architecture.Service:
        service = architecture.Service("demo")
        for name, source in files.items():
            path = tmp_path / (name.replace(".", "/") + ".py")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(source)
            service.modules.append(architecture.Module("demo", name, path, architecture.ast.parse(source)))
        return service

    def test_a_router_importing_a_router(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(architecture, "ROOT", tmp_path)
        service = self._service(
            tmp_path,
            {
                "imis_demo.a.router": "from imis_demo.b.router import thing\n",
                "imis_demo.c.router": "from imis_demo.b import router\n",
                "imis_demo.d.router": "from imis_demo.b.dependencies import thing\n",
                "imis_demo.main": "from imis_demo.b.router import router\n",
            },
        )
        found = architecture.router_imports(service)
        assert [line.split(": ", 1)[1] for line in found] == [
            "router imports imis_demo.b.router",
            "router imports imis_demo.b.router",
        ]

    def test_sql_built_in_a_service(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(architecture, "ROOT", tmp_path)
        service = self._service(
            tmp_path,
            {
                "imis_demo.a.service": "from sqlalchemy import select\n",
                "imis_demo.b.service": "import sqlalchemy as sa\nsa.update(x)\n",
                "imis_demo.c.service": "from sqlalchemy.orm import selectinload\n",
                "imis_demo.d.service": "from sqlalchemy.ext.asyncio import AsyncSession\n",
                "imis_demo.e.repository": "from sqlalchemy import select\n",
                "imis_demo.f.models": "from sqlalchemy import func\n",
            },
        )
        found = [line.split(": ", 1)[1] for line in architecture.sql_outside_repositories(service)]
        assert found == [
            "builds SQL (sqlalchemy.select)",
            "builds SQL (sa.update)",
            "builds SQL (sqlalchemy.orm.selectinload)",
        ]

    def test_test_support_in_runtime_code(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(architecture, "ROOT", tmp_path)
        service = self._service(
            tmp_path,
            {
                "imis_demo.a.service": "import pytest\n",
                "imis_demo.b.service": "from imis_testing.contract import ServiceContract\n",
                "imis_demo.c.service": "from imis_shared.db import Database\n",
            },
        )
        found = [line.split(": ", 1)[1] for line in architecture.test_support_imports(service)]
        assert found == ["imports test support (pytest)", "imports test support (imis_testing.contract)"]

    def test_packages_that_depend_on_each_other(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(architecture, "ROOT", tmp_path)
        service = self._service(
            tmp_path,
            {
                "imis_demo.a.service": "from imis_demo.b import service\n",
                "imis_demo.b.views": "from imis_demo.c.schemas import X\n",
                "imis_demo.c.service": "from ..a.models import Y\n",
                "imis_demo.d.service": "from imis_demo.a.models import Y\n",
            },
        )
        assert architecture.package_cycles(service) == ["demo: packages depend on each other: a ⇄ b ⇄ c"]
