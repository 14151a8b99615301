"""Route throughput: what each hot route of a service carries against its own ``/health``.

    python bench/routes.py [--databases sqlite postgresql] [--duration 10] [--write-docs]

Starts the real jobs, info and gateway services as processes (``python -m imis_<name> serve``,
one uvicorn worker each) on SQLite files in a temporary folder, or on fresh PostgreSQL databases
(``--postgres-url``, default the local server; they are dropped afterwards). Loads the info
service's demo content (``imis-info seed-demo``) and, through the jobs API, 200 published
vacancies of ten verified employers (each with its occupation's ESCO skills, as an employer who
leaves them out gets) and 1,000 job seekers. Then loads each route with ``wrk`` (2 threads, 32
connections, a warm-up, then the measured run) and reports:

- req/s, p50 and p99, and errors (socket errors and answers other than 2xx/3xx);
- the share of the same service's ``/health`` req/s, measured in the same run: wrk shares the
  machine's cores with the services, so compare ratios, not machines;
- the service's CPU per request: its process's user+system time over the measured run divided by
  the requests answered (on SQLite the database work is in that process; on PostgreSQL it is not).

Personal routes (``/seekers/me``) cycle over the 1,000 seekers' tokens, one per request, so that
32 connections are 32 people, as in production; ``PATCH /seekers/me`` alternates two language
levels so that every request really changes the profile. Everything runs on 127.0.0.1 and every
run is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import httpx
from gateway import BENCH_EMAIL, PASSWORD, start, token, wait_healthy
from proxy_clients import (
    LoadSettings,
    cpu_model,
    free_port,
    memory_total,
    parse_wrk,
    require_wrk,
    run_wrk,
    stop,
    write_docs,
)
from sqlalchemy.engine import make_url

from imis_testing import SigningKey

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_HEADING = "## Route throughput against `/health`"
ISSUER = "http://127.0.0.1:9"  # the tokens the bench signs itself; never fetched
SERVICES = ("jobs", "info", "gateway")
VACANCIES, SEEKERS, EMPLOYERS = 200, 1000, 10
OCCUPATION_WORDS = ("nurse", "welder", "electrician", "cook", "carpenter", "plumber", "mason", "driver")


@dataclass(frozen=True)
class Route:
    name: str
    service: str
    path: str
    personal: bool = False  # one seeker's token per request
    method: str = "GET"


ROUTES = (
    Route("GET /jobs/vacancies (a page of 20)", "jobs", "/api/v1/jobs/vacancies"),
    Route("GET /jobs/vacancies/{id}", "jobs", "/api/v1/jobs/vacancies/{vacancy}"),
    Route("GET /info/articles", "info", "/api/v1/info/articles"),
    Route("GET /info/countries/EG", "info", "/api/v1/info/countries/EG"),
    Route("GET /info/topics", "info", "/api/v1/info/topics"),
    Route("GET /jobs/seekers/me", "jobs", "/api/v1/jobs/seekers/me", personal=True),
    Route("PATCH /jobs/seekers/me", "jobs", "/api/v1/jobs/seekers/me", personal=True, method="PATCH"),
    Route("GET /auth/me (gateway)", "gateway", "/api/v1/auth/me"),
    Route("GET /jobs/occupations?q=nurse", "jobs", "/api/v1/jobs/occupations?q=nurse"),
)

LUA = """
local tokens = {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
local n = 0
request = function()
  n = n + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[(n %% #tokens) + 1]}
  if "%(method)s" == "PATCH" then
    headers["Content-Type"] = "application/json"
    local level = (n %% 2 == 0) and "B1" or "B2"
    local body = '{"languages": [{"language": "ar", "level": "C2"}, '
      .. '{"language": "it", "level": "' .. level .. '"}]}'
    return wrk.format("PATCH", nil, headers, body)
  end
  return wrk.format("%(method)s", nil, headers, nil)
end
"""


@dataclass
class Platform:
    urls: dict[str, str]
    pids: dict[str, int]
    seeker_tokens: list[str]
    admin_token: str
    vacancy_id: str


@dataclass(frozen=True)
class Measured:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_urls(kind: str, workdir: Path, postgres_url: str) -> dict[str, str]:
    if kind == "sqlite":
        return {name: f"sqlite:///{workdir}/{name}.sqlite3" for name in SERVICES}
    base = make_url(postgres_url)
    return {
        name: base.set(database=f"imis_bench_{name}").render_as_string(hide_password=False)
        for name in SERVICES
    }


async def connect(url: str, database: str | None = None) -> asyncpg.Connection:
    """An asyncpg connection to the server of ``url``: to its database, or to ``database``."""
    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=database or parsed.database,
    )


def seed_info_demo(env: dict[str, str], workdir: Path) -> None:
    """The info service's demo content (``seed-demo`` migrates the info database first)."""
    subprocess.run(
        [sys.executable, "-m", "imis_info", "seed-demo"],
        env=env,
        cwd=workdir,
        check=True,
        capture_output=True,
        timeout=180,
    )


async def recreate_postgres(urls: dict[str, str], drop_only: bool = False) -> None:
    for url in urls.values():
        parsed = make_url(url)
        connection = await connect(url, "postgres")
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            if not drop_only:
                await connection.execute(f'CREATE DATABASE "{parsed.database}"')
        finally:
            await connection.close()


def environment(workdir: Path, ports: dict[str, int], urls: dict[str, str], jwks: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMIS_")}
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    for name in SERVICES:
        prefix = f"IMIS_{name.upper()}_"
        env[prefix + "PORT"] = str(ports[name])
        env[prefix + "DATABASE_URL"] = urls[name]
        env[prefix + "LOG_LEVEL"] = "WARNING"
    for name in ("jobs", "info"):
        env[f"IMIS_{name.upper()}_JWT_ISSUER"] = ISSUER
        env[f"IMIS_{name.upper()}_JWT_PUBLIC_KEYS_FILE"] = str(jwks)
    env.update(
        IMIS_GATEWAY_JWT_ISSUER=gateway,
        IMIS_GATEWAY_JOBS_URL=f"http://127.0.0.1:{ports['jobs']}",
        IMIS_GATEWAY_INFO_URL=f"http://127.0.0.1:{ports['info']}",
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL=BENCH_EMAIL,
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD,
    )
    return env


def vacancy_body(employer_id: str, title: str, occupation: str) -> dict[str, object]:
    """A vacancy of a bilateral scheme in Rome asking for Italian at B1."""
    return {
        "employer_id": employer_id,
        "title": title,
        "occupation_id": occupation,
        "description": "Work abroad under a bilateral agreement; travel and visa paid.",
        "destination_country": "IT",
        "destination_city": "Roma",
        "positions": 4,
        "contract_type": "fixed_term",
        "contract_months": 24,
        "salary_min": "1900.00",
        "salary_max": "2400.00",
        "salary_currency": "EUR",
        "salary_period": "month",
        "hours_per_week": 36,
        "employer_pays_travel": True,
        "employer_pays_accommodation": False,
        "employer_pays_visa": True,
        "languages": [{"language": "it", "min_level": "B1"}],
        "min_education_level": 3,
        "min_experience_years": 1,
        "application_deadline": "2099-12-31",
    }


def seeker_body(index: int, occupation: str) -> dict[str, object]:
    """Job seeker ``index``'s profile: an Egyptian with Arabic C2 and Italian B1, discoverable."""
    return {
        "full_name": f"Seeker {index}",
        "date_of_birth": "1994-05-17",
        "citizenship": "EG",
        "residence_country": "EG",
        "phone": "+20 100 123 4567",
        "email": f"s{index}@bench.example",
        "occupations": [{"occupation_id": occupation, "years": 3}],
        "languages": [{"language": "ar", "level": "C2"}, {"language": "it", "level": "B1"}],
        "education_level": 4,
        "preferred_countries": ["IT"],
        "discoverable": True,
    }


# The Authorization header of a subject with a role: signed by the bench itself, or the token of a
# gateway account signed in.
Bearer = Callable[[str, str], Awaitable[dict[str, str]]]


def signed_by(key: SigningKey) -> Bearer:
    async def bearer(subject: str, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key.token(subject, roles=[role], issuer=ISSUER, lifetime=7200)}"}

    return bearer


async def seed_jobs(
    jobs: str, bearer: Bearer, seekers: int = SEEKERS, vacancies: int = VACANCIES
) -> tuple[list[str], list[str]]:
    """Published vacancies of ten verified employers and discoverable seekers, through the API at
    ``jobs``: the seekers' tokens and the vacancies' ids."""
    officer = await bearer("bench-officer", "officer")
    limit = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=jobs, timeout=60) as client:

        async def call(method: str, path: str, headers: dict[str, str], body: object) -> dict[str, object]:
            async with limit:
                response = await client.request(method, path, json=body, headers=headers)
            if response.status_code >= 300:
                raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
            answer: dict[str, object] = response.json()
            return answer

        occupations: list[str] = []
        for word in OCCUPATION_WORDS:
            found = (await client.get("/api/v1/jobs/occupations", params={"q": word, "limit": 1})).json()
            occupations.append(found["items"][0]["id"])

        async def employer(index: int) -> list[str]:
            owner = await bearer(f"bench-owner-{index}", "employer")
            made = await call(
                "POST",
                "/api/v1/jobs/employers",
                owner,
                {
                    "name": f"Bench employer {index}",
                    "type": "direct_employer",
                    "country": "IT",
                    "city": "Roma",
                    "sector": "Health",
                    "registration_number": f"IT-RM-{index:06d}",
                    "contact_email": f"hr{index}@bench.example",
                    "contact_phone": "+39 06 1234 5678",
                },
            )
            await call("POST", f"/api/v1/jobs/employers/{made['id']}/status", officer, {"status": "verified"})
            ids = []
            for number in range(vacancies // EMPLOYERS):
                vacancy = await call(
                    "POST",
                    "/api/v1/jobs/vacancies",
                    owner,
                    vacancy_body(
                        str(made["id"]),
                        f"Vacancy {index}-{number}",
                        occupations[(index + number) % len(occupations)],
                    ),
                )
                await call(
                    "POST", f"/api/v1/jobs/vacancies/{vacancy['id']}/status", owner, {"status": "published"}
                )
                ids.append(str(vacancy["id"]))
            return ids

        vacancy_ids = [
            v for ids in await asyncio.gather(*(employer(i) for i in range(EMPLOYERS))) for v in ids
        ]

        async def seeker(index: int) -> str:
            headers = await bearer(f"bench-seeker-{index}", "job_seeker")
            await call(
                "POST",
                "/api/v1/jobs/seekers/me",
                headers,
                seeker_body(index, occupations[index % len(occupations)]),
            )
            return headers["Authorization"].removeprefix("Bearer ")

        tokens = list(await asyncio.gather(*(seeker(i) for i in range(seekers))))
    return tokens, vacancy_ids


@contextmanager
def platform(kind: str, postgres_url: str) -> Iterator[Platform]:
    with tempfile.TemporaryDirectory(prefix="imis-bench-routes-") as tmp:
        workdir = Path(tmp)
        key = SigningKey()
        jwks = key.write_jwks(workdir / "jwks.json")
        ports = {name: free_port() for name in SERVICES}
        urls = database_urls(kind, workdir, postgres_url)
        if kind == "postgresql":
            asyncio.run(recreate_postgres(urls))
        env = environment(workdir, ports, urls, jwks)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        try:
            seed_info_demo(env, workdir)  # start() then migrates (again, harmlessly) and serves
            for name in SERVICES:
                processes[name] = start(name, env, workdir)
            base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
            for name in SERVICES:
                wait_healthy(base[name], processes[name])
            print(f"[{kind}] seeding {VACANCIES} vacancies and {SEEKERS} seekers", file=sys.stderr)
            tokens, vacancy_ids = asyncio.run(seed_jobs(base["jobs"], signed_by(key)))
            yield Platform(
                urls=base,
                pids={name: process.pid for name, process in processes.items()},
                seeker_tokens=tokens,
                admin_token=token(base["gateway"]),
                vacancy_id=vacancy_ids[0],
            )
        finally:
            for process in processes.values():
                stop(process)
            if kind == "postgresql":
                asyncio.run(recreate_postgres(urls, drop_only=True))


def settle(pid: int, timeout: float = 60.0) -> None:
    """Wait until the service is idle: a server goes on with the requests a stopped wrk left in
    flight, and that work must not be counted against the next run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = cpu_seconds(pid)
        time.sleep(0.5)
        if cpu_seconds(pid) - before < 0.05:
            return


def measure(
    wrk: str, url: str, pid: int, settings: LoadSettings, headers: Sequence[str], script: Path | None
) -> Measured:
    if settings.warmup_s:
        run_wrk(wrk, url, settings, settings.warmup_s, headers, script)
        settle(pid)
    before = cpu_seconds(pid)
    result = parse_wrk(run_wrk(wrk, url, settings, settings.duration_s, headers, script))
    used = cpu_seconds(pid) - before
    settle(pid)
    answered = max(1.0, result.requests_per_s * settings.duration_s)
    return Measured(
        result.requests_per_s, result.p50_ms, result.p99_ms, result.errors, used / answered * 1000
    )


def run_database(
    kind: str, postgres_url: str, settings: LoadSettings, names: Sequence[str]
) -> dict[str, Measured]:
    wrk = require_wrk()
    results: dict[str, Measured] = {}
    with platform(kind, postgres_url) as running, tempfile.TemporaryDirectory() as tmp:
        tokens = Path(tmp) / "tokens.txt"
        tokens.write_text("\n".join(running.seeker_tokens) + "\n")
        for service in ("jobs", "info", "gateway"):
            url = f"{running.urls[service]}/health"
            results[f"{service} /health"] = measure(wrk, url, running.pids[service], settings, (), None)
            print(f"[{kind}] {service} /health: {results[f'{service} /health']}", file=sys.stderr)
        for route in ROUTES:
            if names and not any(n in route.name for n in names):
                continue
            url = running.urls[route.service] + route.path.replace("{vacancy}", running.vacancy_id)
            headers: list[str] = []
            script = None
            if route.personal:
                script = Path(tmp) / f"{route.method}.lua"
                script.write_text(LUA % {"tokens": tokens, "method": route.method})
            elif route.service == "gateway":
                headers = [f"Authorization: Bearer {running.admin_token}"]
            results[route.name] = measure(wrk, url, running.pids[route.service], settings, headers, script)
            print(f"[{kind}] {route.name}: {results[route.name]}", file=sys.stderr)
    return results


def report(all_results: dict[str, dict[str, Measured]], settings: LoadSettings) -> str:
    machine = f"{os.cpu_count()} CPUs ({cpu_model()}), {memory_total()} RAM, Python {sys.version.split()[0]}"
    lines = [
        "Generated by `python bench/routes.py --write-docs` (`make bench-routes` runs it without writing).",
        "",
        f"- Date (UTC): {datetime.now(UTC):%Y-%m-%d}",
        f"- Machine: {machine}",
        f"- Load: wrk {settings.threads} threads, {settings.connections} connections, {settings.warmup_s} s "
        f"warm-up + {settings.duration_s} s measured per route; one uvicorn worker per service; wrk shares "
        "the cores with the services, so compare ratios.",
        f"- Content: the info demo set; {VACANCIES} published vacancies (ESCO skills of their occupation), "
        f"{SEEKERS} job seekers.",
        "",
        "| route | database | req/s | share of /health | p50 ms | p99 ms | service CPU ms/request | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, results in all_results.items():
        for name, measured in results.items():
            service = (
                name.split(" ", 1)[0]
                if name.endswith("/health")
                else next((r.service for r in ROUTES if r.name == name), "jobs")
            )
            health = results[f"{service} /health"].requests_per_s
            share = measured.requests_per_s / health * 100 if health else 0.0
            lines.append(
                f"| {name} | {kind} | {measured.requests_per_s:,.0f} | {share:.1f} % | "
                f"{measured.p50_ms:.1f} | {measured.p99_ms:.1f} | {measured.cpu_ms:.2f} | {measured.errors} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Route throughput against /health")
    parser.add_argument(
        "--databases", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"]
    )
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per route")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--routes", nargs="*", default=[], help="only routes whose name contains one of these"
    )
    parser.add_argument(
        "--write-docs",
        metavar="MARKER",
        nargs="?",
        const="routes",
        default=None,
        help="write the table to docs/benchmarks.md between <!-- MARKER:start/end --> (default routes)",
    )
    args = parser.parse_args(argv)
    settings = LoadSettings(threads=2, connections=32, warmup_s=args.warmup, duration_s=args.duration)
    results = {kind: run_database(kind, args.postgres_url, settings, args.routes) for kind in args.databases}
    block = report(results, settings)
    print(block)
    if args.write_docs:
        write_docs(
            DOCS, block, f"<!-- {args.write_docs}:start -->", f"<!-- {args.write_docs}:end -->", DOCS_HEADING
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
