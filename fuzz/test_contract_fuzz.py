"""The platform answers as its published document says, for every kind of caller.

Schemathesis (a dev dependency, pinned) reads ``GET /openapi.json`` from the running platform and
sends generated requests to every operation with every check it has (``--checks all``): no server
error; status codes, content types, headers and bodies as documented; requests the schema forbids
are refused and requests it admits are accepted; declared auth is enforced; a created resource can
be read and a deleted one cannot. It runs once per caller, all at once: anonymous, a job seeker
with a profile, an employer user of a verified employer, an officer, an admin, and a job seeker who
alone may end their own session (``SESSION_ENDING``). The platform is started the way `make run`
starts it, with its rate limits raised (``RATE_LIMITS``).

It is part of ``make test`` (so of CI, on SQLite and on PostgreSQL); ``make contract-fuzz`` runs it
alone. Zero failures is the bar: a rule the document can state is stated (patterns, ``if``/``then``,
``minProperties``); the few it cannot — a record that must exist, a secret from an email, a rule
against the clock or the stored record — are exceptions below, each narrowed to one operation and
one status, with its reason.

Bounded so CI can afford it: ``MAX_EXAMPLES`` examples per operation and caller in the fuzzing phase,
the coverage phase on a few operations per caller (``DEEP``), ``STATEFUL_STEPS`` steps of the
stateful phase, deterministic generation (no random seed), so a run is the same on every machine.
Exceptions for false positives of the tool are in ``EXCEPTIONS`` and ``contract_fuzz_hooks.py``,
each narrowed to what it is about, with the reason.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from e2e_platform import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMITS,
    SERVICES,
    Platform,
    environment,
    run_platform,
)
from jobs_helpers import employer_body, seeker_body

from imis_testing import free_port, fresh_database_url

pytestmark = [pytest.mark.e2e, pytest.mark.contract_fuzz]

BIN = Path(sys.executable).parent
PASSWORD = "a-long-passphrase-42"
MAX_EXAMPLES = 6
STATEFUL_STEPS = 6


CALLERS = ("anonymous", "job_seeker", "employer", "officer", "admin", "password_owner")

# Operations that end the caller's own session: after ten wrong current passwords the gateway
# revokes the caller's tokens (docs/security.md), and every later request of that run would be a 401;
# the account's deletion ends it too. They run only for a caller of their own, "password_owner" (a job
# seeker, who never draws the right password), and for the anonymous caller.
SESSION_ENDING = ("POST /api/v1/auth/me/password", "DELETE /api/v1/auth/me")
SESSION_ENDING_NAMES = r"^(POST /api/v1/auth/me/password|DELETE /api/v1/auth/me)$"

# Where each caller also gets the coverage phase (boundary values of every parameter and property,
# each required one left out, methods the path lacks): a few operations the caller owns, so that the
# checks only that phase feeds (unsupported_method, allow_header_conformance, missing_required_header)
# run for every caller, while the whole run stays within the time CI gives it.
DEEP: dict[str, str] = {
    "anonymous": r"^/api/v1/auth/register$",
    # Not /seekers/me itself: its coverage phase alone drew 11,000 cases (every list and code).
    "job_seeker": r"^/api/v1/jobs/seekers/me/(export|matches)$",
    # Not /employers: the coverage phase draws a phone number from its pattern alone, which says what
    # a number looks like but not whether its country's numbering plan has it (+0000 is refused).
    "employer": r"^/api/v1/jobs/applications$",
    "officer": r"^/api/v1/jobs/programmes$",
    "admin": r"^/api/v1/admin/clients",
    "password_owner": r"^/api/v1/auth/me/password$",
}

# False positives of the tool, each narrowed to one operation, one check and one status. The tool
# draws schema-valid data but cannot know which secrets or records exist: these operations answer 422
# naming the field (or, for the sign-in page, 400) when a well-formed value refers to nothing
# (docs/api.md), so for them, and only for positive_data_acceptance, that status is an expected
# answer; every other status is still checked.
POSITIVE_DATA_ACCEPTANCE = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # the tool's default
EXCEPTIONS: list[tuple[str, str, str, str]] = [
    # (method, path, the status also expected, why)
    (
        "POST",
        "/api/v1/auth/email-verification/confirm",
        "422",
        "the token is a single-use secret from an email; a drawn one is never valid (invalid_token)",
    ),
    (
        "POST",
        "/api/v1/auth/me/password",
        "422",
        "current_password must be the caller's own; a drawn one is wrong (wrong_password)",
    ),
    (
        "DELETE",
        "/api/v1/auth/me",
        "422",
        "password must be the caller's own; a drawn one is wrong (wrong_password)",
    ),
    (
        "GET",
        "/api/v1/auth/authorize",
        "400",
        "a drawn client_id and redirect_uri are never a registered public client and one of its exact "
        "addresses; the page then refuses with 400 and must not redirect (RFC 6749 4.1.2.1)",
    ),
    (
        "POST",
        "/api/v1/auth/authorize",
        "400",
        "the form is valid only with the CSRF cookie its page set and a registered client; a drawn "
        "one has neither",
    ),
    (
        "POST",
        "/api/v1/auth/password-setup/confirm",
        "422",
        "the token is a single-use secret from an email; a drawn one is never valid (invalid_token)",
    ),
    (
        "POST",
        "/api/v1/admin/public-clients",
        "422",
        "a redirect URI must be https, loopback http or a private-use scheme named after a domain "
        "(RFC 8252); no pattern states those rules, and the 422 names the URI",
    ),
    (
        "POST",
        "/api/v1/diaspora/members/import",
        "422",
        "the CSV file's content (a header line naming the columns, then rows) is not in the schema",
    ),
    (
        "POST",
        "/api/v1/auth/register",
        "422",
        "the schema states the password's length; the rest of the policy (not the email address, not "
        "one of the ~30,000 most common passwords, at least 4 different characters) no schema can "
        "state, and a drawn password that breaks it is refused naming the field (password_policy)",
    ),
    (
        "POST",
        "/api/v1/info/alerts",
        "422",
        "an alert's country needs its country profile first: a record that must exist (unknown)",
    ),
    (
        "PATCH",
        "/api/v1/info/offices/{office_id}",
        "422",
        "a change is checked with the stored office: one coordinate where the office has none of the "
        "other is refused (latitude), a rule across the body and the record no schema states",
    ),
    (
        "PATCH",
        "/api/v1/jobs/programmes/{programme_id}",
        "422",
        "a change is checked with the stored programme: a date out of order with the stored other date "
        "(ends_on, starts_on), a quota below the places used (quota); rules across the body and the record",
    ),
    (
        "PATCH",
        "/api/v1/info/remittances/{quote_id}",
        "422",
        "recorded_date is the day the prices were observed, today or earlier: a rule against the clock "
        "no schema states (the creation's drawn dates are kept to it by a hook)",
    ),
    (
        "POST",
        "/api/v1/info/articles",
        "422",
        "an article's country needs its country profile first: a record that must exist (unknown)",
    ),
    (
        "GET",
        "/api/v1/info/search",
        "422",
        "what counts as a word (letters of four scripts, at most 12 of them) is the search "
        "normaliser's; no pattern states it, so a drawn q of punctuation alone is refused naming q",
    ),
]
# Bodies naming ESCO occupations or skills: the EscoId pattern says what an id looks like, not which
# of the ~3,000 occupations and ~14,000 skills exist, so a drawn id is almost never one of them
# (unknown_occupation, unknown_skill).
ESCO = "an ESCO id the pattern admits is refused unless it names an occupation or skill that exists"
EXCEPTIONS += [
    (
        "GET",
        "/api/v1/jobs/candidates",
        "422",
        ESCO + "; a programme_id must name a programme that exists (unknown_programme)",
    ),
    (
        "POST",
        "/api/v1/jobs/verifications",
        "422",
        "the seeker, the tested ESCO skill and the interview's programme must exist, and checked_on "
        "is today or earlier: records that must exist and a rule against the clock",
    ),
    (
        "GET",
        "/api/v1/jobs/seekers/me/prescreening",
        "422",
        "a programme_id must name a programme that exists (unknown_programme)",
    ),
    (
        "GET",
        "/api/v1/jobs/seekers/{seeker_id}/prescreening",
        "422",
        "a programme_id must name a programme that exists (unknown_programme)",
    ),
    (
        "PUT",
        "/api/v1/jobs/seekers/me/sharing-consents/{programme_id}",
        "422",
        "text_version must be the digest of the programme's current words; a drawn one never is (stale)",
    ),
    (
        "POST",
        "/api/v1/jobs/programmes/{programme_id}/seasons",
        "422",
        "a season lies within its programme's stored dates: a rule across the body and the record",
    ),
    (
        "PATCH",
        "/api/v1/jobs/programmes/{programme_id}/seasons/{season_id}",
        "422",
        "a season lies within its programme's stored dates, its quota never below its places used: "
        "rules across the body and the record",
    ),
    (
        "POST",
        "/api/v1/jobs/programmes/{programme_id}/citizenship-quotas",
        "422",
        "a reservation's citizenship must be one the stored programme admits, and the places reserved "
        "must fit in its quota: rules across the body and the record",
    ),
    (
        "PATCH",
        "/api/v1/jobs/programmes/{programme_id}/citizenship-quotas/{citizenship}",
        "422",
        "the places reserved must fit in the stored programme's quota: a rule across the body and the record",
    ),
    ("POST", "/api/v1/jobs/seekers/me", "422", ESCO),
    (
        "POST",
        "/api/v1/jobs/seekers",
        "422",
        ESCO + "; and the birth date gives an age of 15 to 100 today, a rule against the clock",
    ),
    ("PATCH", "/api/v1/jobs/seekers/me", "422", ESCO),
    ("POST", "/api/v1/jobs/vacancies", "422", ESCO),
    ("PATCH", "/api/v1/jobs/vacancies/{vacancy_id}", "422", ESCO),
    ("POST", "/api/v1/diaspora/members/me", "422", ESCO),
    ("PATCH", "/api/v1/diaspora/members/me", "422", ESCO),
    ("POST", "/api/v1/diaspora/projects", "422", ESCO),
    ("PATCH", "/api/v1/diaspora/projects/{project_id}", "422", ESCO),
    ("POST", "/api/v1/diaspora/projects/{project_id}/pledges", "422", ESCO),
]
# The worker's journey: orientation (docs/orientation.md), employment abroad, returns and reintegration
# (docs/journey.md), welfare cases (docs/welfare.md). Their 409s (a session full or started, a step the
# stored state does not allow, a return recorded already) are documented and expected by the tool already.
EXCEPTIONS += [
    (
        "POST",
        "/api/v1/jobs/orientation-sessions",
        "422",
        "course_id must name a course that exists (unknown_course), and starts_at must be in the future "
        "(past): a record that must exist and a rule against the clock",
    ),
    (
        "POST",
        "/api/v1/jobs/orientation-sessions/{session_id}/enrolments",
        "422",
        "seeker_id is required from an officer and optional for the seeker enrolling themself, and must "
        "name a seeker that exists (missing, unknown_seeker): a rule on the caller and a record",
    ),
    (
        "POST",
        "/api/v1/jobs/applications/{application_id}/transitions",
        "422",
        "arrived_on and started_on are today or earlier and not before the stored departure or arrival; "
        "an interview_result goes only with a step out of a stored interview: rules against the clock "
        "and the stored record",
    ),
    (
        "POST",
        "/api/v1/jobs/applications/{application_id}/employment-changes",
        "422",
        "a new employer's started_on is today or earlier and not before the stored start, an extension's "
        "contract_ends_on after the stored end (not_later), and an employer_id must exist (unknown): "
        "rules against the clock and the stored record",
    ),
    (
        "POST",
        "/api/v1/jobs/returns",
        "422",
        ESCO + "; seeker_id is required from officers and refused from the worker, joins_returnee_pool "
        "only from the worker, returned_as_agreed only from officers (rules on the caller); the seeker "
        "and the application must exist and be theirs; returned_on is today or earlier and not before "
        "the stored departure (the clock and the record)",
    ),
    (
        "POST",
        "/api/v1/jobs/returns/{return_id}/referrals",
        "422",
        "referred_on is today or earlier: a rule against the clock",
    ),
    (
        "POST",
        "/api/v1/jobs/welfare-cases",
        "422",
        "an employer_id must name an employer that exists (unknown_employer) and an application_id one "
        "of the caller's own applications (unknown_application): records that must exist",
    ),
    (
        "POST",
        "/api/v1/jobs/recorded-welfare-cases",
        "422",
        "employer_id, seeker_id and application_id must name records that exist, the application the "
        "seeker's (unknown_employer, unknown_seeker, unknown_application, not_the_seekers)",
    ),
]


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    workdir = tmp_path_factory.mktemp("fuzz")
    ports = {name: free_port() for name in SERVICES}
    database_urls = {name: fresh_database_url(f"fuzz_{name}", workdir) for name in SERVICES}
    # The run searches in every language at once: built on the first search, an index would keep
    # that search past the tool's 10 s timeout on a loaded machine, so they are built before serving.
    settings = {
        **environment(ports, database_urls),
        **RATE_LIMITS,
        "IMIS_JOBS_SEARCH_INDEXES": "before_serving",
    }
    with run_platform(workdir, ports, settings) as platform:
        yield platform


def _register(platform: Platform, email: str, role: str) -> str:
    account = platform.register(
        {"email": email, "password": PASSWORD, "full_name": email.split("@")[0], "roles": [role]}
    )
    user_id: str = account["id"]
    return user_id


@pytest.fixture(scope="module")
def callers(platform: Platform) -> dict[str, dict[str, str]]:
    """Headers of each caller; the employer's organisation is verified, the seeker has a profile."""
    gateway = platform.gateway
    admin = platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)
    officer_id = _register(platform, "officer@ministry.example", "job_seeker")
    granted = httpx.post(
        f"{gateway}/api/v1/admin/users/{officer_id}/roles",
        json={"role": "officer"},
        headers=admin,
        timeout=10,
    )
    assert granted.status_code == 200, granted.text
    officer = platform.bearer("officer@ministry.example", PASSWORD)
    _register(platform, "hr@rossi.example", "employer")
    employer = platform.bearer("hr@rossi.example", PASSWORD)
    created = httpx.post(
        f"{gateway}/api/v1/jobs/employers", json=employer_body(), headers=employer, timeout=10
    )
    assert created.status_code == 201, created.text
    verified = httpx.post(
        f"{gateway}/api/v1/jobs/employers/{created.json()['id']}/status",
        json={"status": "verified"},
        headers=officer,
        timeout=10,
    )
    assert verified.status_code == 200, verified.text
    _register(platform, "mona@example.org", "job_seeker")
    seeker = platform.bearer("mona@example.org", PASSWORD)
    profile = httpx.post(f"{gateway}/api/v1/jobs/seekers/me", json=seeker_body(), headers=seeker, timeout=10)
    assert profile.status_code == 201, profile.text
    _register(platform, "karim@example.org", "job_seeker")
    password_owner = platform.bearer("karim@example.org", PASSWORD)
    return {
        "anonymous": {},
        "job_seeker": seeker,
        "employer": employer,
        "officer": officer,
        "admin": admin,
        "password_owner": password_owner,
    }


def _toml(value: object) -> str:
    return json.dumps(value)  # strings, numbers, booleans and lists of them are the same in TOML


def config(caller: str, headers: dict[str, str], report: Path) -> str:
    """The run's schemathesis.toml for ``caller`` (its token goes here, not on a command line)."""
    lines = [
        # Hypothesis stops an operation whose data it draws slowly; on a busy 2-core machine the long
        # patterns of the standard codes can be slow to draw from. That is the machine, not the API.
        'suppress-health-check = ["too_slow"]',
        f"headers = {{ {', '.join(f'{_toml(name)} = {_toml(value)}' for name, value in headers.items())} }}",
        "[generation]",
        "deterministic = true",
        # No text the document admits holds a NUL (its pattern on free text; the hooks drop it).
        "allow-x00 = false",
        f"max-examples = {MAX_EXAMPLES}",
        "[phases.stateful]",
        f"max-steps = {STATEFUL_STEPS}",
        "[reports.json]",
        "enabled = true",
        f"path = {_toml(str(report))}",
    ]
    lines += [
        "[[operations]]",
        f"exclude-path-regex = {_toml(DEEP[caller])}",
        "phases.coverage.enabled = false",
    ]
    if caller == "password_owner":
        lines += ["[[operations]]", f"exclude-name-regex = {_toml(SESSION_ENDING_NAMES)}", "enabled = false"]
    elif caller != "anonymous":
        lines += ["[[operations]]", f"include-name-regex = {_toml(SESSION_ENDING_NAMES)}", "enabled = false"]
    for method, path, status, _why in EXCEPTIONS:
        expected = _toml([*POSITIVE_DATA_ACCEPTANCE, status])
        lines += [
            "[[operations]]",
            # One filter, the operation's name: separate method and path filters would each match
            # on their own (every POST, every method of the path), and the first block would win.
            f"include-name = {_toml(f'{method} {path}')}",
            f"checks.positive_data_acceptance.expected-statuses = {expected}",
        ]
    return "\n".join(lines) + "\n"


@dataclass
class Run:
    process: subprocess.Popen[str]
    output: Path
    report: Path
    started: float


def _cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far (from /proc)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.fixture(scope="module")
def runs(
    platform: Platform, callers: dict[str, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Run]]:
    """One schemathesis run per caller, all at once: each waits on the platform most of the time."""
    tool_cpu = _children_cpu()
    began = time.monotonic()
    started: dict[str, Run] = {}
    for caller in CALLERS:
        workdir = tmp_path_factory.mktemp(f"schemathesis-{caller}")
        (workdir / "schemathesis.toml").write_text(config(caller, callers[caller], workdir / "report.json"))
        output = workdir / "output.txt"
        with output.open("w") as sink:
            process = subprocess.Popen(
                [
                    str(BIN / "st"),
                    "--config-file",
                    str(workdir / "schemathesis.toml"),
                    "run",
                    f"{platform.gateway}/openapi.json",
                    "--checks",
                    "all",
                    "--workers",
                    "1",
                    "--no-color",
                ],
                cwd=workdir,
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
                # The hooks module tells the tool how to draw values of the document's "phone" format.
                env={
                    **os.environ,
                    "PYTHONPATH": str(Path(__file__).parent),
                    "SCHEMATHESIS_HOOKS": "contract_fuzz_hooks",
                },
            )
        started[caller] = Run(process, output, workdir / "report.json", time.monotonic())
    services = platform.children()
    services_cpu = _cpu_seconds(services)
    try:
        yield started
    finally:
        for run in started.values():
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()
        tool = _children_cpu() - tool_cpu
        platform_cpu = _cpu_seconds(services) - services_cpu
        print(
            f"\nschemathesis: {time.monotonic() - began:.1f}s for the five runs, "
            f"{tool:.1f}s CPU; the platform: {platform_cpu:.1f}s CPU"
        )


@pytest.mark.parametrize("caller", CALLERS)
def test_the_platform_answers_as_its_document_says(runs: dict[str, Run], caller: str) -> None:
    run = runs[caller]
    returncode = run.process.wait(timeout=600)
    elapsed = time.monotonic() - run.started
    output = run.output.read_text()
    report = json.loads(run.report.read_text())
    summary = (
        f"{caller}: {report['test_cases']['generated']} cases, "
        f"{report['operations']['tested']}/{report['operations']['total']} operations in {elapsed:.1f}s"
    )
    print(summary)
    assert returncode == 0, f"{summary}\n{output[-20000:]}"
    ending = len(SESSION_ENDING)
    total = report["operations"]["total"]
    expected = ending if caller == "password_owner" else total - ending * (caller != "anonymous")
    assert report["operations"]["tested"] == expected
