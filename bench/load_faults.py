"""Load and faults: a mixed workload through the gateway, steady and while parts of the platform fail.

    python bench/load_faults.py [--duration 60] [--connections 64] [--seekers 500]
                                [--scenarios steady postgresql redis service] [--write-docs]

Starts the gateway, jobs and info services as processes (one uvicorn worker each) on fresh
PostgreSQL databases (``--postgres-url``, default the local server; dropped afterwards), the
gateway sharing its rate limits and revoked tokens through the local Redis, the services
publishing their events to the local NATS server (a subject prefix of their own). Loads the info
demo content and, through the gateway, 100 published vacancies of ten verified employers and
``--seekers`` job seekers, each a gateway account that signed in with its password. Then, per
scenario, ``wrk`` (2 threads, ``--connections`` connections, ``--duration`` seconds) sends this
mix to the gateway, every personal request with a different seeker's token:

    25 % anonymous vacancy pages        10 % one vacancy         15 % article lists
    10 % occupation searches             12 % own profile reads   10 % profile edits (PATCH)
     8 % applications (a new seeker-vacancy pair each time)       8 % own matches
     2 % sign-ins (the password grant)

Scenarios (each on the same running platform, after the previous one):

- ``steady``: nothing fails.
- ``postgresql``: PostgreSQL is restarted (``pg_ctlcluster``) a third into the run.
- ``redis``: Redis is restarted (``service redis-server restart``) a third into the run.
- ``service``: the info service is killed (SIGKILL) a third into the run and started again.

For each it reports requests per second, p50/p99, every status code answered and wrk's socket
errors; the service processes' memory (RSS) at the start, the end and the most; and checks that

- no answer was a 500 (and, in ``steady``, that every answer was 2xx);
- every application the platform acknowledged (201) is stored: the application rows counted in
  the jobs database afterwards are at least the 201 answers (more when wrk gave up waiting for an
  answer, at its 5 s timeout, that the platform still gave);
- the platform answers normally after the fault without a restart of the other services: a
  profile read and a vacancy page through the gateway;
- in ``service``, the other services kept answering while info was down: a probe reads a vacancy
  page through the gateway every 0.2 s during the run and counts its failures (an answer other than
  200, or none within 30 s; a slow answer is no failure, the latency columns report slowness).

Everything runs on 127.0.0.1 and is bounded in time. Restarting PostgreSQL and Redis needs the
right to (root here); it restarts the servers every other program on the machine uses too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
from gateway import BENCH_EMAIL, PASSWORD, start, wait_healthy
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
from routes import (
    OCCUPATION_WORDS,
    Bearer,
    connect,
    database_urls,
    recreate_postgres,
    seed_info_demo,
    seed_jobs,
)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "benchmarks.md"
DOCS_HEADING = "## Load and faults through the gateway"
DOCS_START, DOCS_END = "<!-- load-faults:start -->", "<!-- load-faults:end -->"
SERVICES = ("gateway", "jobs", "info")
SCENARIOS = ("steady", "postgresql", "redis", "service")
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
VACANCIES = 100
PROBE_TIMEOUT_S = 30
SEEKER_PASSWORD = "bench-seeker-passphrase-2026"  # noqa: S105 (throwaway local accounts)

# The request mix: (share in per cent, kind). Cumulative thresholds are computed in Lua.
MIX = (
    (25, "vacancies"),
    (10, "vacancy"),
    (15, "articles"),
    (10, "search"),
    (12, "profile"),
    (10, "edit"),
    (8, "apply"),
    (8, "matches"),
    (2, "signin"),
)

LUA = """
local tokens, emails, vacancies = {}, {}, {}
for line in io.lines("%(tokens)s") do tokens[#tokens + 1] = line end
for line in io.lines("%(emails)s") do emails[#emails + 1] = line end
for line in io.lines("%(vacancies)s") do vacancies[#vacancies + 1] = line end
local words = {%(words)s}
local mix = {%(mix)s}
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local n, applied = 0, 0
statuses = {}  -- global: done() reads it from each thread

local function bearer(i)
  return {["Authorization"] = "Bearer " .. tokens[(i %% #tokens) + 1]}
end

request = function()
  n = n + 1
  local roll = (n * 37 + id * 11) %% 100
  local kind
  local acc = 0
  for _, entry in ipairs(mix) do
    acc = acc + entry[1]
    if roll < acc then kind = entry[2] break end
  end
  local seeker = n * %(threads)d + id
  if kind == "vacancies" then
    return wrk.format("GET", "/api/v1/jobs/vacancies?limit=20&offset=" .. ((n %% 5) * 20))
  elseif kind == "vacancy" then
    return wrk.format("GET", "/api/v1/jobs/vacancies/" .. vacancies[(n %% #vacancies) + 1])
  elseif kind == "articles" then
    return wrk.format("GET", "/api/v1/info/articles")
  elseif kind == "search" then
    return wrk.format("GET", "/api/v1/jobs/occupations?q=" .. words[(n %% #words) + 1])
  elseif kind == "profile" then
    return wrk.format("GET", "/api/v1/jobs/seekers/me", bearer(seeker))
  elseif kind == "edit" then
    local headers = bearer(seeker)
    headers["Content-Type"] = "application/json"
    local level = (n %% 2 == 0) and "B1" or "B2"
    local body = '{"languages": [{"language": "ar", "level": "C2"}, '
      .. '{"language": "it", "level": "' .. level .. '"}]}'
    return wrk.format("PATCH", "/api/v1/jobs/seekers/me", headers, body)
  elseif kind == "apply" then
    -- a new (seeker, vacancy) pair each time: thread-interleaved, seekers first
    local pair = applied * %(threads)d + (id - 1) + %(offset)d
    applied = applied + 1
    local who = pair %% #tokens
    local which = math.floor(pair / #tokens) %% #vacancies
    local headers = bearer(who)
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/jobs/vacancies/" .. vacancies[which + 1] .. "/applications",
      headers, '{}')
  elseif kind == "matches" then
    return wrk.format("GET", "/api/v1/jobs/seekers/me/matches?limit=10", bearer(seeker))
  else
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
    local body = "grant_type=password&username=" .. emails[(seeker %% #emails) + 1]
      .. "&password=%(password)s"
    return wrk.format("POST", "/api/v1/auth/token", headers, body)
  end
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, count in pairs(counts) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("STATUS %%d %%d\\n", status, count)) end
end
"""


@dataclass
class Platform:
    workdir: Path
    env: dict[str, str]
    urls: dict[str, str]
    database_urls: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]]
    tokens: list[str] = field(default_factory=list)
    vacancies: list[str] = field(default_factory=list)

    @property
    def gateway(self) -> str:
        return self.urls["gateway"]


@dataclass
class Scenario:
    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    statuses: dict[int, int]
    memory_mib: dict[str, tuple[float, float, float]]  # service: (start, end, most)
    acknowledged: int
    stored: int
    probe_failures: int
    probes: int
    fault: str
    recovered: bool
    problems: list[str] = field(default_factory=list)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def environment(ports: dict[str, int], urls: dict[str, str], run: str) -> dict[str, str]:
    gateway = f"http://127.0.0.1:{ports['gateway']}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMIS_")}
    for name in SERVICES:
        prefix = f"IMIS_{name.upper()}_"
        env[prefix + "PORT"] = str(ports[name])
        env[prefix + "DATABASE_URL"] = urls[name]
        env[prefix + "LOG_LEVEL"] = "WARNING"
        env[prefix + "JWT_ISSUER"] = gateway
        env[prefix + "EVENTS_URL"] = "nats://127.0.0.1:4222"
        env[prefix + "EVENTS_SUBJECT_PREFIX"] = f"bench{run}"
        if name != "gateway":
            env[prefix + "JWKS_URL"] = f"{gateway}/.well-known/jwks.json"
            env[f"IMIS_GATEWAY_{name.upper()}_URL"] = f"http://127.0.0.1:{ports[name]}"
    env.update(
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL=BENCH_EMAIL,
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD,
        IMIS_GATEWAY_REDIS_URL="redis://127.0.0.1:6379/0",
        IMIS_GATEWAY_REDIS_KEY_PREFIX=f"imis:bench-{run}:",
        # Every request comes from 127.0.0.1: the per-address limits would refuse the sign-ins.
        IMIS_GATEWAY_LOGIN_ATTEMPTS_PER_ADDRESS="10000000",
        IMIS_GATEWAY_LOGIN_FAILURES_PER_ACCOUNT="10000000",
        IMIS_GATEWAY_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS="10000000",
        IMIS_GATEWAY_ANONYMOUS_SEARCHES_PER_ADDRESS="10000000",
    )
    return env


def email_of(subject: str) -> str:
    return f"{subject}@bench.example"


def account_maker(platform: Platform) -> Bearer:
    """A gateway account per subject (made with the gateway's own code, as ``imis-gateway
    create-user`` does), signed in through the API: its Authorization header."""
    from imis_gateway.accounts.service import create_account
    from imis_gateway.credentials import Passwords
    from imis_shared.db import Database

    passwords = Passwords()
    hashed = asyncio.run(passwords.hash(SEEKER_PASSWORD))  # one for every account: they share it
    database = Database(platform.database_urls["gateway"])
    signing_in = asyncio.Semaphore(2)  # argon2 at the default cost takes 64 MiB per hash

    async def bearer(subject: str, role: str) -> dict[str, str]:
        email = email_of(subject)
        async with database.sessionmaker.begin() as session:
            await create_account(
                session,
                passwords,
                email=email,
                password=SEEKER_PASSWORD,
                full_name=subject,
                roles=[role],
                password_hash=hashed,
            )
        async with signing_in, httpx.AsyncClient(timeout=60) as client:
            response = await client.post(
                f"{platform.gateway}/api/v1/auth/token",
                data={"grant_type": "password", "username": email, "password": SEEKER_PASSWORD},
            )
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return bearer


def start_service(platform: Platform, name: str) -> None:
    platform.processes[name] = start(name, platform.env, platform.workdir)
    wait_healthy(platform.urls[name], platform.processes[name], timeout=180)


@contextmanager
def running_platform(postgres_url: str, seekers: int) -> Iterator[Platform]:
    with tempfile.TemporaryDirectory(prefix="imis-bench-load-") as tmp:
        workdir = Path(tmp)
        ports = {name: free_port() for name in SERVICES}
        urls = {
            name: url.replace("imis_bench_", "imis_bench_load_")
            for name, url in database_urls("postgresql", workdir, postgres_url).items()
        }
        asyncio.run(recreate_postgres(urls))
        run = uuid.uuid4().hex[:8]
        env = environment(ports, urls, run)
        platform = Platform(workdir, env, {n: f"http://127.0.0.1:{p}" for n, p in ports.items()}, urls, {})
        try:
            seed_info_demo(env, workdir)
            for name in SERVICES:
                start_service(platform, name)
            print(f"seeding {VACANCIES} vacancies and {seekers} seekers through the gateway", file=sys.stderr)
            platform.tokens, platform.vacancies = asyncio.run(
                seed_jobs(platform.gateway, account_maker(platform), seekers=seekers, vacancies=VACANCIES)
            )
            yield platform
        finally:
            for process in platform.processes.values():
                stop(process)
            asyncio.run(recreate_postgres(urls, drop_only=True))


async def count_applications(url: str) -> int:
    connection = await connect(url)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM application"))
    finally:
        await connection.close()


def healthy_after(platform: Platform, timeout: float = 60.0) -> bool:
    """A profile read and a vacancy page through the gateway answer 200 (retried for ``timeout``)."""
    deadline = time.monotonic() + timeout
    headers = {"Authorization": f"Bearer {platform.tokens[0]}"}
    while time.monotonic() < deadline:
        try:
            me = httpx.get(f"{platform.gateway}/api/v1/jobs/seekers/me", headers=headers, timeout=5)
            page = httpx.get(f"{platform.gateway}/api/v1/info/articles", timeout=5)
            if me.status_code == 200 and page.status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def restart_postgresql() -> None:
    subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True, timeout=120, capture_output=True)


def restart_redis() -> None:
    subprocess.run(["service", "redis-server", "restart"], check=True, timeout=60, capture_output=True)


def fault_for(name: str, platform: Platform) -> Callable[[], None] | None:
    if name == "postgresql":
        return restart_postgresql
    if name == "redis":
        return restart_redis
    if name == "service":

        def kill_and_restart() -> None:
            platform.processes["info"].send_signal(signal.SIGKILL)
            platform.processes["info"].wait(timeout=10)
            time.sleep(2)  # down for a while, as a crashed container before its restart
            start_service(platform, "info")

        return kill_and_restart
    return None


def run_scenario(
    wrk: str, platform: Platform, name: str, settings: LoadSettings, offset: int, workdir: Path
) -> Scenario:
    tokens = workdir / "tokens.txt"
    tokens.write_text("\n".join(platform.tokens) + "\n")
    emails = workdir / "emails.txt"
    # seed_jobs names its seekers bench-seeker-0, -1, ... in the order of their tokens.
    emails.write_text("".join(email_of(f"bench-seeker-{i}") + "\n" for i in range(len(platform.tokens))))
    vacancies = workdir / "vacancies.txt"
    vacancies.write_text("\n".join(platform.vacancies) + "\n")
    script = workdir / f"{name}.lua"
    script.write_text(
        LUA
        % {
            "tokens": tokens,
            "emails": emails,
            "vacancies": vacancies,
            "words": ", ".join(f'"{w}"' for w in OCCUPATION_WORDS),
            "mix": ", ".join(f'{{{share}, "{kind}"}}' for share, kind in MIX),
            "threads": settings.threads,
            "offset": offset,
            "password": SEEKER_PASSWORD,
        }
    )
    before = asyncio.run(count_applications(platform.database_urls["jobs"]))
    memory: dict[str, list[float]] = {n: [] for n in SERVICES}
    probes = {"sent": 0, "failed": 0}
    stop_sampling = threading.Event()

    def sample() -> None:
        while not stop_sampling.wait(0.2):
            for service, process in platform.processes.items():
                if process.poll() is None:
                    memory[service].append(rss_mib(process.pid))

    def probe() -> None:
        # A failure is an answer other than 200 or no answer at all, not a slow one: under this load
        # the answers queue for seconds (the latency columns say how long), so the wait is long.
        with httpx.Client(timeout=PROBE_TIMEOUT_S) as client:
            while not stop_sampling.wait(0.2):
                probes["sent"] += 1
                try:
                    answer = client.get(f"{platform.gateway}/api/v1/jobs/vacancies?limit=1")
                    if answer.status_code != 200:
                        probes["failed"] += 1
                except httpx.HTTPError:
                    probes["failed"] += 1

    fault = fault_for(name, platform)
    fault_seconds = 0.0

    def inject() -> None:
        nonlocal fault_seconds
        time.sleep(settings.duration_s / 3)
        started = time.monotonic()
        if fault is not None:
            fault()
        fault_seconds = time.monotonic() - started

    threads = [threading.Thread(target=work, daemon=True) for work in (sample, probe, inject)]
    for thread in threads:
        thread.start()
    try:
        output = run_wrk(wrk, f"{platform.gateway}/", settings, settings.duration_s, (), script)
    finally:
        threads[2].join(timeout=180)
        stop_sampling.set()
        for thread in threads[:2]:
            thread.join(timeout=PROBE_TIMEOUT_S + 5)
    recovered = healthy_after(platform)
    stored = asyncio.run(count_applications(platform.database_urls["jobs"])) - before
    parsed = parse_wrk(output)
    statuses = {int(s): int(c) for s, c in re.findall(r"^STATUS (\d+) (\d+)$", output, re.MULTILINE)}
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result = Scenario(
        name=name,
        requests_per_s=parsed.requests_per_s,
        p50_ms=parsed.p50_ms,
        p99_ms=parsed.p99_ms,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
        statuses=statuses,
        memory_mib={s: (v[0], v[-1], max(v)) for s, v in memory.items() if v},
        acknowledged=statuses.get(201, 0),
        stored=stored,
        probe_failures=probes["failed"],
        probes=probes["sent"],
        fault=f"{fault_seconds:.1f} s" if fault is not None else "",
        recovered=recovered,
    )
    result.problems = check(result)
    return result


def check(result: Scenario) -> list[str]:
    problems = []
    if result.statuses.get(500):
        problems.append(f"{result.statuses[500]} answers were 500")
    if result.name == "steady":
        bad = {s: c for s, c in result.statuses.items() if not 200 <= s < 300}
        if bad or result.socket_errors:
            problems.append(f"answers other than 2xx: {bad}, socket errors: {result.socket_errors}")
    # More stored than acknowledged is no loss: a request wrk gave up on (timeout) may still complete.
    if result.stored < result.acknowledged:
        problems.append(f"{result.acknowledged} applications acknowledged, only {result.stored} stored")
    if not result.recovered:
        problems.append("the platform did not answer normally after the run")
    if result.name == "service" and result.probe_failures:
        problems.append(f"jobs failed {result.probe_failures} probes while info was down")
    return problems


def report(results: list[Scenario], settings: LoadSettings, seekers: int) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Measured {now} UTC on {cpu_model()}, {os.cpu_count()} cores, {memory_total()} RAM, "
        f"Python {sys.version.split()[0]}; PostgreSQL, Redis and NATS on the same machine; "
        f"wrk {settings.threads} threads, {settings.connections} connections, {settings.duration_s} s "
        f"per scenario through the gateway; {VACANCIES} vacancies, {seekers} seekers.",
        "",
        "| scenario | fault took | req/s | p50 ms | p99 ms | answers | socket errors "
        "| applications acknowledged / stored | probe failures | recovered |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in results:
        answers = ", ".join(f"{s}: {c:,}" for s, c in sorted(r.statuses.items()))
        lines.append(
            f"| {r.name} | {r.fault or '–'} | {r.requests_per_s:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} "
            f"| {answers} | {r.socket_errors} | {r.acknowledged:,} / {r.stored:,} "
            f"| {r.probe_failures} of {r.probes} | {'yes' if r.recovered else 'NO'} |"
        )
    lines += ["", "Memory (RSS, MiB: start → end, most):", ""]
    for r in results:
        parts = [f"{s} {a:.0f} → {b:.0f} ({m:.0f})" for s, (a, b, m) in r.memory_mib.items()]
        lines.append(f"- {r.name}: " + "; ".join(parts))
    problems = [f"{r.name}: {p}" for r in results for p in r.problems]
    lines += ["", "Checks: " + ("all passed." if not problems else "FAILED: " + "; ".join(problems))]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=60, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seekers", type=int, default=500)
    parser.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--postgres-url", default=POSTGRES_SERVER)
    parser.add_argument("--write-docs", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = require_wrk()
    settings = LoadSettings(threads=2, connections=args.connections, warmup_s=0, duration_s=args.duration)
    results = []
    with running_platform(args.postgres_url, args.seekers) as platform, tempfile.TemporaryDirectory() as tmp:
        offset = 0
        for name in args.scenarios:
            print(f"scenario {name}: {args.duration} s at {args.connections} connections", file=sys.stderr)
            result = run_scenario(wrk, platform, name, settings, offset, Path(tmp))
            # Fresh (seeker, vacancy) pairs next time: about 8 % of the requests applied.
            offset += sum(result.statuses.values()) // 10 + 1000
            print(json.dumps(result.__dict__, default=str), file=sys.stderr)
            results.append(result)
    block = report(results, settings, args.seekers)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 1 if any(r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
