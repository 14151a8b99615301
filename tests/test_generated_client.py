"""A client generated from the document the gateway serves works unchanged.

Ministry IT integrates by generating a client from ``GET /openapi.json``. openapi-python-client (a dev
dependency, pinned) generates one from the running platform's document: it must print no warning — each
warning is an operation or a model it dropped or could not type — and calls made through the generated
code, as an integrator writes them, parse into their typed models.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from e2e_platform import Platform
from jobs_helpers import SPECIALIST_NURSE, seeker_body

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
PACKAGE = "imis_generated_client"


@pytest.fixture(scope="module")
def generation(platform: Platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(what the generator printed, the folder holding the generated package)."""
    workdir = tmp_path_factory.mktemp("client")
    document = httpx.get(f"{platform.gateway}/openapi.json", timeout=30)
    assert document.status_code == 200
    (workdir / "openapi.json").write_bytes(document.content)
    result = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            "openapi.json",
            "--meta",
            "none",
            "--output-path",
            PACKAGE,
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"},  # its ruff hook
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(workdir))
    try:
        yield result.stdout + result.stderr, workdir
    finally:
        sys.path.remove(str(workdir))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def generated(module: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.{module}")


class TestGeneration:
    def test_prints_no_warning(self, generation: tuple[str, Path]) -> None:
        output, _ = generation
        assert "warning" not in output.lower(), output

    def test_generates_the_operations_and_models_a_clash_of_names_used_to_drop(
        self, generation: tuple[str, Path]
    ) -> None:
        _, workdir = generation
        package = workdir / PACKAGE
        for operation in (
            "api/vacancies/vacancies_change_vacancy_status.py",
            "api/organisations/organisations_decide.py",
            "api/editorial/editorial_change_status.py",
        ):
            assert (package / operation).is_file(), operation
        models = generated("models")
        for model in ("VacancyOutPage", "VacancyStatusChange", "SeekerSkillOut", "SkillRequirementOut"):
            assert hasattr(models, model), model


class TestCallsThroughTheGeneratedClient:
    def test_a_seeker_signs_in_and_creates_a_profile_with_typed_answers(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        client_module = generated("client")
        models = generated("models")
        anonymous = client_module.Client(base_url=platform.gateway, raise_on_unexpected_status=True)

        found = generated("api.taxonomy.taxonomy_search_occupations").sync(client=anonymous, q="nurse")
        assert isinstance(found, models.OccupationSummaryPage)
        assert found.total > 0 and all(isinstance(item, models.OccupationSummary) for item in found.items)

        account = models.RegisterIn.from_dict(
            {
                "email": "generated.client@example.org",
                "password": "a-long-passphrase-42",
                "full_name": "Generated Client",
                "roles": ["job_seeker"],
            }
        )
        user = generated("api.auth.auth_register").sync(client=anonymous, body=account)
        assert isinstance(user, models.UserOut) and user.email == "generated.client@example.org"

        grant = models.AuthIssueTokenBody(
            grant_type="password", username="generated.client@example.org", password="a-long-passphrase-42"
        )
        token = generated("api.auth.auth_issue_token").sync(client=anonymous, body=grant)
        assert isinstance(token, models.TokenOut)

        signed_in = client_module.AuthenticatedClient(
            base_url=platform.gateway, token=token.access_token, raise_on_unexpected_status=True
        )
        profile = generated("api.seekers.seekers_create_my_profile").sync(
            client=signed_in, body=models.SeekerCreate.from_dict(seeker_body())
        )
        assert isinstance(profile, models.SeekerOut)
        assert [occupation.occupation_id for occupation in profile.occupations] == [SPECIALIST_NURSE]
        assert all(isinstance(skill, models.SeekerSkillOut) for skill in profile.skills)
        assert all(isinstance(language, models.SeekerLanguageOut) for language in profile.languages)

        vacancies = generated("api.vacancies.vacancies_list_vacancies").sync(client=anonymous)
        assert isinstance(vacancies, models.VacancyOutPage)

    def test_an_anonymous_caller_reads_the_open_projects(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        """The document declares the read's security optional; openapi-python-client 0.29 still types
        ``client`` as AuthenticatedClient (it treats any security list as required), but the plain
        client it generates calls it and gets the typed page."""
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        projects = generated("api.projects.projects_list_projects").sync(client=anonymous)
        assert isinstance(projects, models.ProjectOutPage)
