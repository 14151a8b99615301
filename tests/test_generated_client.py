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
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from diaspora_helpers import member_body, project_body
from e2e_platform import ADMIN_EMAIL, ADMIN_PASSWORD, Platform
from info_helpers import article_body, country_body
from jobs_helpers import SPECIALIST_NURSE, employer_body, programme_body, seeker_body, vacancy_body

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
PACKAGE = "imis_generated_client"
PASSWORD = "a-long-passphrase-42"


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
            "api/vacancies/set_vacancy_status.py",
            "api/organisations/set_organisation_status.py",
            "api/editorial/set_translation_status.py",
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

        found = generated("api.taxonomy.search_occupations").sync(client=anonymous, q="nurse")
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
        seen = len(platform.mailed_links())
        accepted = generated("api.auth.register_account").sync_detailed(client=anonymous, body=account)
        assert accepted.status_code == 202 and accepted.parsed is None
        activation = models.EmailVerificationConfirm(token=platform.link_after(seen))
        user = generated("api.auth.confirm_email_verification").sync(client=anonymous, body=activation)
        assert isinstance(user, models.UserOut) and user.email == "generated.client@example.org"

        grant = models.PasswordGrantForm(
            grant_type="password", username="generated.client@example.org", password="a-long-passphrase-42"
        )
        token = generated("api.auth.issue_token").sync(client=anonymous, body=grant)
        assert isinstance(token, models.TokenOut)

        signed_in = client_module.AuthenticatedClient(
            base_url=platform.gateway, token=token.access_token, raise_on_unexpected_status=True
        )
        profile = generated("api.seekers.create_my_seeker_profile").sync(
            client=signed_in, body=models.SeekerCreate.from_dict(seeker_body())
        )
        assert isinstance(profile, models.SeekerOut)
        assert [occupation.occupation_id for occupation in profile.occupations] == [SPECIALIST_NURSE]
        assert all(isinstance(skill, models.SeekerSkillOut) for skill in profile.skills)
        assert all(isinstance(language, models.SeekerLanguageOut) for language in profile.languages)

        vacancies = generated("api.vacancies.list_vacancies").sync(client=anonymous)
        assert isinstance(vacancies, models.VacancyOutPage)

    def test_an_anonymous_caller_reads_the_open_projects(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        """The document declares the read's security optional; openapi-python-client 0.29 still types
        ``client`` as AuthenticatedClient (it treats any security list as required), but the plain
        client it generates calls it and gets the typed page."""
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        projects = generated("api.projects.list_projects").sync(client=anonymous)
        assert isinstance(projects, models.ProjectOutPage)


def operation(operation_id: str) -> ModuleType:
    """The generated module of one operation, wherever the generator filed it (by tag)."""
    for tag in (Path(generated("api").__file__ or "").parent).iterdir():
        if (tag / f"{operation_id}.py").is_file():
            return generated(f"api.{tag.name}.{operation_id}")
    raise LookupError(f"no generated operation {operation_id!r}")


class TestScenariosThroughTheGeneratedClientOnly:
    """Whole rounds as their actors play them, every call through the generated client, every answer
    parsed into its typed model (``raise_on_unexpected_status`` fails the test on an undeclared one)."""

    @staticmethod
    def sign_in(platform: Platform, email: str, password: str) -> Any:
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        form = models.PasswordGrantForm(grant_type="password", username=email, password=password)
        token = operation("issue_token").sync(client=anonymous, body=form)
        assert isinstance(token, models.TokenOut)
        return generated("client").AuthenticatedClient(
            base_url=platform.gateway, token=token.access_token, raise_on_unexpected_status=True
        )

    def account(self, platform: Platform, email: str, roles: list[str]) -> tuple[Any, Any]:
        """A self-registered account (citizen roles) signed in: (its client, its UserOut)."""
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        body = models.RegisterIn.from_dict(
            {"email": email, "password": PASSWORD, "full_name": email.split("@")[0], "roles": roles}
        )
        seen = len(platform.mailed_links())
        assert operation("register_account").sync_detailed(client=anonymous, body=body).status_code == 202
        activation = models.EmailVerificationConfirm(token=platform.link_after(seen))
        user = operation("confirm_email_verification").sync(client=anonymous, body=activation)
        assert isinstance(user, models.UserOut)
        return self.sign_in(platform, email, PASSWORD), user

    def staff(self, platform: Platform, email: str, role: str) -> Any:
        """A ministry staff account as an admin creates it: the staff role only, and an initial
        password its holder must change before anything else works."""
        models = generated("models")
        admin = self.sign_in(platform, ADMIN_EMAIL, ADMIN_PASSWORD)
        initial = "handed-over-at-the-desk-1"
        body = models.StaffAccountCreate.from_dict(
            {"email": email, "full_name": email.split("@")[0], "roles": [role], "initial_password": initial}
        )
        created = operation("create_staff_account").sync(client=admin, body=body)
        assert isinstance(created, models.UserOut) and created.roles == [role]
        assert created.password_change_required

        first = self.sign_in(platform, email, initial)
        refused = operation("get_programme").sync(client=first, programme_id=uuid.uuid4())
        assert isinstance(refused, models.Problem) and refused.status == 403, refused
        changed = operation("change_my_password").sync_detailed(
            client=first,
            body=models.PasswordChange.from_dict({"current_password": initial, "new_password": PASSWORD}),
        )
        assert changed.status_code == 204
        return self.sign_in(platform, email, PASSWORD)

    def test_a_hiring_round_in_a_programme_up_to_a_typed_quota_refusal(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        officer = self.staff(platform, "officer.round@ministry.example", "officer")
        employer, _ = self.account(platform, "hr.round@ospedale.example", ["employer"])

        organisation = operation("create_employer").sync(
            client=employer, body=models.EmployerCreate.from_dict(employer_body(name="Ospedale Round"))
        )
        assert isinstance(organisation, models.EmployerOut) and organisation.status == "pending"
        verified = operation("set_employer_status").sync(
            client=officer,
            employer_id=organisation.id,
            body=models.StatusDecision.from_dict({"status": "verified"}),
        )
        assert isinstance(verified, models.EmployerOut) and verified.status == "verified"

        programme = operation("create_programme").sync(
            client=officer, body=models.ProgrammeCreate.from_dict(programme_body(quota=1))
        )
        assert isinstance(programme, models.ProgrammeOut) and programme.quota_remaining == 1
        draft = operation("create_vacancy").sync(
            client=employer,
            body=models.VacancyCreate.from_dict(
                vacancy_body(organisation.id, programme_id=str(programme.id), positions=2)
            ),
        )
        assert isinstance(draft, models.VacancyOut) and draft.status == "draft"
        published = operation("set_vacancy_status").sync(
            client=employer,
            vacancy_id=draft.id,
            body=models.VacancyStatusChange.from_dict({"status": "published"}),
        )
        assert isinstance(published, models.VacancyOut) and published.status == "published"

        seekers = {}
        for name in ("Amal Round", "Heba Round"):
            seeker, _ = self.account(platform, f"{name.split()[0].lower()}.round@example.org", ["job_seeker"])
            profile = operation("create_my_seeker_profile").sync(
                client=seeker,
                body=models.SeekerCreate.from_dict(seeker_body(full_name=name, discoverable=True)),
            )
            assert isinstance(profile, models.SeekerOut) and profile.discoverable
            seekers[name] = seeker

        matches = operation("list_vacancy_matches").sync(client=employer, vacancy_id=draft.id)
        assert isinstance(matches, models.SeekerMatchPage)
        assert {"Amal Round", "Heba Round"} <= {match.seeker.full_name for match in matches.items}
        assert all(isinstance(match, models.SeekerMatch) and 0 <= match.score <= 1 for match in matches.items)

        applications = {}
        for name, seeker in seekers.items():
            applied = operation("apply_to_vacancy").sync(
                client=seeker, vacancy_id=draft.id, body=models.ApplyIn.from_dict({})
            )
            assert isinstance(applied, models.ApplicationOut) and applied.status == "submitted"
            for to in ("shortlisted", "offered"):
                moved = operation("set_application_status").sync(
                    client=employer, application_id=applied.id, body=models.TransitionIn.from_dict({"to": to})
                )
                assert isinstance(moved, models.ApplicationOut) and moved.status == to
            applications[name] = applied.id

        accepted = operation("set_application_status").sync(
            client=seekers["Amal Round"],
            application_id=applications["Amal Round"],
            body=models.TransitionIn.from_dict({"to": "accepted"}),
        )
        assert isinstance(accepted, models.ApplicationOut) and accepted.status == "accepted"
        for to in ("contract_signed", "visa_issued", "departed"):
            placed = operation("set_application_status").sync(
                client=officer,
                application_id=applications["Amal Round"],
                body=models.TransitionIn.from_dict({"to": to}),
            )
            assert isinstance(placed, models.ApplicationOut) and placed.status == to

        refused = operation("set_application_status").sync(
            client=seekers["Heba Round"],
            application_id=applications["Heba Round"],
            body=models.TransitionIn.from_dict({"to": "accepted"}),
        )
        assert isinstance(refused, models.Problem), refused
        assert refused.status == 409 and refused.reason == models.ProblemReason.QUOTA_FULL
        state = operation("get_programme").sync(client=anonymous, programme_id=programme.id)
        assert isinstance(state, models.ProgrammeOut)
        assert (state.quota_used, state.quota_remaining) == (1, 0)

    def test_a_member_pledges_to_a_project_an_officer_opened(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        models = generated("models")
        officer = self.staff(platform, "officer.projects@ministry.example", "officer")
        member, _ = self.account(platform, "karim.pledge@example.org", ["diaspora_member"])
        registered = operation("create_my_member_record").sync(
            client=member, body=models.MemberCreate.from_dict(member_body(email="karim.pledge@example.org"))
        )
        assert isinstance(registered, models.MemberOut)

        project = operation("create_project").sync(
            client=officer, body=models.ProjectCreate.from_dict(project_body())
        )
        assert isinstance(project, models.ProjectDetail) and project.status == "draft"
        opened = operation("set_project_status").sync(
            client=officer,
            project_id=project.id,
            body=models.ProjectStatusChange.from_dict({"status": "open"}),
        )
        assert isinstance(opened, models.ProjectDetail) and opened.status == "open"

        pledge = operation("make_pledge").sync(
            client=member,
            project_id=project.id,
            body=models.PledgeCreate.from_dict({"kind": "money", "amount": "2000", "currency": "EUR"}),
        )
        assert isinstance(pledge, models.PledgeOut) and pledge.status == "pledged"
        own = operation("list_my_pledges").sync(client=member)
        assert isinstance(own, models.PledgeOutPage) and [item.id for item in own.items] == [pledge.id]
        seen = operation("list_project_pledges").sync(client=officer, project_id=project.id)
        assert isinstance(seen, models.PledgeOutPage) and seen.total == 1

    def test_an_article_is_written_reviewed_and_published_then_read_anonymously(
        self, platform: Platform, generation: tuple[str, Path]
    ) -> None:
        models = generated("models")
        anonymous = generated("client").Client(base_url=platform.gateway, raise_on_unexpected_status=True)
        author = self.staff(platform, "author@ministry.example", "editor")
        approver = self.staff(platform, "approver@ministry.example", "editor")

        country = operation("replace_country_profile").sync(
            client=author, code="IT", body=models.CountryUpsert.from_dict(country_body())
        )
        assert isinstance(country, models.CountryEditorOut)
        draft = operation("create_article").sync(
            client=author, body=models.ArticleCreate.from_dict(article_body())
        )
        assert isinstance(draft, models.TranslationEditorOut) and draft.status == "draft"
        for status, who in (("in_review", author), ("published", approver)):  # a second pair of eyes
            moved = operation("set_translation_status").sync(
                client=who,
                article_id=draft.article_id,
                language=draft.language,
                body=models.TranslationStatusChange.from_dict({"status": status}),
            )
            assert isinstance(moved, models.TranslationEditorOut) and moved.status == status

        refused = operation("set_translation_status").sync(
            client=author,
            article_id=draft.article_id,
            language=draft.language,
            body=models.TranslationStatusChange.from_dict({"status": "published"}),
        )
        assert isinstance(refused, models.Problem) and refused.status == 409

        public = operation("get_article_by_slug").sync(
            client=anonymous, language=draft.language, slug=draft.slug
        )
        assert isinstance(public, models.ArticleOut) and public.title == draft.title
