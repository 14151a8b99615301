"""Events between services, end to end, on the platform as `make run` starts it (`imis up`: gateway,
jobs, diaspora and info as processes, SQLite in a temporary folder, the embedded NATS broker):

1. a notification: from the 200 of an employer's step on a worker's application to the first poll of
   the worker's inbox (every 10 ms) that holds it: the jobs relay, the broker, the gateway's consumer;
2. an account deletion: from the 202 of `DELETE /auth/me` to the first poll of the admin's view of
   the request that says `completed`: the gateway's relay, the broker, the jobs and diaspora handlers,
   their answers and the gateway's consumer.

People are made first (a job-seeker profile, a diaspora member record, an application to one
vacancy), then measured one after another.

    python bench/events.py [--people 40] [--write-docs]
"""

from __future__ import annotations

import argparse
import asyncio
import platform as host
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from proxy_clients import cpu_model, memory_total, write_docs

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [
    str(ROOT / "tests"),
    str(ROOT / "services" / "jobs" / "tests"),
    str(ROOT / "services" / "diaspora" / "tests"),
]

from diaspora_helpers import member_body  # noqa: E402 - the test suite's bodies, found above
from e2e_platform import (  # noqa: E402
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMITS,
    SERVICES,
    Platform,
    environment,
    run_platform,
)
from jobs_helpers import published_vacancy, seeker_body  # noqa: E402

from imis_testing import free_port, fresh_database_url  # noqa: E402

DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- events:start -->", "<!-- events:end -->"
DOCS_HEADING = "## Events between services: notifications and account deletion"
PASSWORD = "bench-passphrase-2026"  # noqa: S105 (throwaway local accounts)
POLL_SECONDS = 0.01


def person(platform: Platform, number: int) -> dict[str, str]:
    email = f"bench.{number}@example.org"
    platform.register(
        {
            "email": email,
            "password": PASSWORD,
            "full_name": "Bench Person",
            "roles": ["job_seeker", "diaspora_member"],
        }
    )
    headers = platform.bearer(email, PASSWORD)
    api = f"{platform.gateway}/api/v1"
    for path, body in (
        ("/jobs/seekers/me", seeker_body()),
        ("/diaspora/members/me", member_body(email=email, phone=f"+39 011 555 {number:04d}")),
    ):
        response = httpx.post(f"{api}{path}", json=body, headers=headers, timeout=30)
        assert response.status_code == 201, response.text
    return headers


async def vacancy(platform: Platform) -> tuple[dict[str, str], str]:
    """An employer's bearer and its published vacancy."""
    officer = platform.staff("officer", "bench.officer@ministry.example", PASSWORD)
    platform.register(
        {"email": "bench.hr@example.org", "password": PASSWORD, "full_name": "HR", "roles": ["employer"]}
    )
    employer = platform.bearer("bench.hr@example.org", PASSWORD)
    async with httpx.AsyncClient(base_url=platform.gateway, timeout=30) as client:
        published = await published_vacancy(client, employer, officer)
    return employer, str(published["id"])


def apply(platform: Platform, headers: dict[str, str], vacancy_id: str) -> str:
    url = f"{platform.gateway}/api/v1/jobs/vacancies/{vacancy_id}/applications"
    response = httpx.post(url, json={}, headers=headers, timeout=30)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def notification_seconds(
    platform: Platform, employer: dict[str, str], worker: dict[str, str], application_id: str
) -> float:
    api = f"{platform.gateway}/api/v1"
    moved = httpx.post(
        f"{api}/jobs/applications/{application_id}/transitions",
        json={"to": "shortlisted"},
        headers=employer,
        timeout=30,
    )
    assert moved.status_code == 200, moved.text
    started = time.perf_counter()
    with httpx.Client(headers=worker, timeout=30) as client:
        while client.get(f"{api}/auth/me/notifications").json()["total"] == 0:
            if time.perf_counter() - started > 60:
                raise RuntimeError("a notification did not arrive in 60 s")
            time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def completion_seconds(platform: Platform, headers: dict[str, str], admin: dict[str, str]) -> float:
    api = f"{platform.gateway}/api/v1"
    deleted = httpx.request(
        "DELETE", f"{api}/auth/me", json={"password": PASSWORD}, headers=headers, timeout=30
    )
    assert deleted.status_code == 202, deleted.text
    started = time.perf_counter()
    url = f"{api}/admin/deletion-requests/{deleted.json()['id']}"
    with httpx.Client(headers=admin, timeout=30) as client:
        while client.get(url).json()["status"] != "completed":
            if time.perf_counter() - started > 60:
                raise RuntimeError("a deletion did not complete in 60 s")
            time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def row(label: str, seconds: list[float]) -> str:
    ms = [value * 1000 for value in seconds]
    return f"| {label} | {statistics.median(ms):,.0f} | {percentile(ms, 0.95):,.0f} | {max(ms):,.0f} |"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imis-bench-deletion-") as folder:
        workdir = Path(folder)
        ports = {name: free_port() for name in SERVICES} | {"broker": free_port()}
        database_urls = {name: fresh_database_url(f"bench_{name}", workdir) for name in SERVICES}
        env = environment(ports, database_urls)
        env.update(RATE_LIMITS)
        with run_platform(workdir, ports, env) as platform:
            admin = platform.bearer(ADMIN_EMAIL, ADMIN_PASSWORD)
            employer, vacancy_id = asyncio.run(vacancy(platform))
            people = [person(platform, number) for number in range(args.people)]
            applications = [apply(platform, headers, vacancy_id) for headers in people]
            told = [
                notification_seconds(platform, employer, headers, application)
                for headers, application in zip(people, applications, strict=True)
            ]
            deleted = [completion_seconds(platform, headers, admin) for headers in people]
    lines = [
        "Generated by `python bench/deletion.py --write-docs` (`make bench-events` runs it without writing).",
        "",
        f"- Date (UTC): {datetime.now(UTC).date().isoformat()}",
        f"- Machine: {cpu_model()}, {memory_total()} RAM, Python {host.python_version()}",
        f"- {args.people} people, each with a job-seeker profile, a diaspora member record and an"
        " application;"
        " each application moved by the employer, then each account deleted, one after another, through the"
        " gateway; `imis up` defaults (SQLite, embedded NATS, every relay polling its outbox every 0.2 s);"
        " the inbox and the request polled every 10 ms.",
        "",
        "| from the change to its effect | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
        row("an employer's step → in the worker's inbox", told),
        row("`DELETE /auth/me` → jobs and diaspora erased, request complete", deleted),
    ]
    block = "\n".join(lines)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
