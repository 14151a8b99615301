"""Gateway overhead: the same authenticated GET, direct to the jobs service and through the gateway.

Starts the real jobs service and the real gateway as processes (``python -m imis_<name> serve``, one
uvicorn worker each, SQLite in a temporary folder), makes a user at start-up, takes a token, then measures
``GET /api/v1/jobs/whoami`` with that token:

1. unloaded latency: sequential requests from one client, p50/p95 (what one user feels);
2. under load: wrk, 2 threads, 32 connections, interleaved rounds (what the machine can carry).

Both services verify the token (the gateway at the edge, the service again), as in production.
All traffic goes to 127.0.0.1; every run is bounded in count and time.

    python bench/gateway.py [--rounds 3] [--write-docs]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import httpx
from proxy_clients import (
    LoadSettings,
    WrkResult,
    cpu_model,
    free_port,
    memory_total,
    parse_wrk,
    require_wrk,
    round_order,
    run_wrk,
    stop,
    write_docs,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
DOCS_START, DOCS_END = "<!-- gateway:start -->", "<!-- gateway:end -->"
DOCS_HEADING = "## Gateway overhead (direct vs through the gateway)"
PASSWORD = "bench-passphrase-2026"  # noqa: S105 (a throwaway local account)
BENCH_EMAIL = "bench@example.org"


def start(name: str, env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    subprocess.run(
        [sys.executable, "-m", f"imis_{name}", "migrate"],
        env=env,
        cwd=workdir,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return subprocess.Popen(
        [sys.executable, "-m", f"imis_{name}", "serve"],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


def environment(workdir: Path, gateway_port: int, jobs_port: int) -> dict[str, str]:
    gateway = f"http://127.0.0.1:{gateway_port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMIS_")}
    env.update(
        IMIS_GATEWAY_PORT=str(gateway_port),
        IMIS_GATEWAY_DATABASE_URL=f"sqlite:///{workdir}/gateway.sqlite3",
        IMIS_GATEWAY_JWT_ISSUER=gateway,
        IMIS_GATEWAY_JOBS_URL=f"http://127.0.0.1:{jobs_port}",
        IMIS_GATEWAY_LOG_LEVEL="WARNING",
        # The measured user, made at start-up (a self-registration waits for its emailed link).
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_EMAIL=BENCH_EMAIL,
        IMIS_GATEWAY_BOOTSTRAP_ADMIN_PASSWORD=PASSWORD,
        IMIS_JOBS_PORT=str(jobs_port),
        IMIS_JOBS_DATABASE_URL=f"sqlite:///{workdir}/jobs.sqlite3",
        IMIS_JOBS_JWT_ISSUER=gateway,
        IMIS_JOBS_JWKS_URL=f"{gateway}/.well-known/jwks.json",
        IMIS_JOBS_LOG_LEVEL="WARNING",
    )
    return env


def token(gateway: str) -> str:
    response = httpx.post(
        f"{gateway}/api/v1/auth/token",
        data={"grant_type": "password", "username": BENCH_EMAIL, "password": PASSWORD},
        timeout=10,
    )
    response.raise_for_status()
    access: str = response.json()["access_token"]
    return access


def unloaded_latency(url: str, headers: dict[str, str], count: int) -> tuple[float, float]:
    """p50 and p95 in ms of ``count`` sequential requests on one kept-alive connection."""
    samples = []
    with httpx.Client(headers=headers, timeout=10) as client:
        for _ in range(20):
            client.get(url).raise_for_status()
        for _ in range(count):
            started = time.perf_counter()
            client.get(url).raise_for_status()
            samples.append((time.perf_counter() - started) * 1000)
    quantiles = statistics.quantiles(samples, n=100)
    return statistics.median(samples), quantiles[94]


def wrk_run(wrk: str, url: str, bearer: str, settings: LoadSettings, duration_s: int) -> WrkResult:
    return parse_wrk(run_wrk(wrk, url, settings, duration_s, headers=[f"Authorization: Bearer {bearer}"]))


def run(rounds: int, settings: LoadSettings, sequential: int) -> str:
    wrk = require_wrk()
    with tempfile.TemporaryDirectory(prefix="imis-bench-") as tmp:
        workdir = Path(tmp)
        gateway_port, jobs_port = free_port(), free_port()
        env = environment(workdir, gateway_port, jobs_port)
        processes = []
        try:
            processes.append(start("jobs", env, workdir))
            wait_healthy(f"http://127.0.0.1:{jobs_port}", processes[-1])
            processes.append(start("gateway", env, workdir))
            wait_healthy(f"http://127.0.0.1:{gateway_port}", processes[-1])
            bearer = token(f"http://127.0.0.1:{gateway_port}")
            targets = {
                "direct to jobs": f"http://127.0.0.1:{jobs_port}/api/v1/jobs/whoami",
                "through the gateway": f"http://127.0.0.1:{gateway_port}/api/v1/jobs/whoami",
            }
            headers = {"Authorization": f"Bearer {bearer}"}
            latency = {name: unloaded_latency(url, headers, sequential) for name, url in targets.items()}
            loaded: dict[str, list[WrkResult]] = {name: [] for name in targets}
            for index in range(rounds):
                for name in round_order(list(targets), index):
                    if settings.warmup_s:
                        wrk_run(wrk, targets[name], bearer, settings, settings.warmup_s)
                    loaded[name].append(wrk_run(wrk, targets[name], bearer, settings, settings.duration_s))
        finally:
            for process in reversed(processes):
                stop(process)
    return report(latency, loaded, rounds, settings, sequential)


def report(
    latency: dict[str, tuple[float, float]],
    loaded: dict[str, list[WrkResult]],
    rounds: int,
    settings: LoadSettings,
    sequential: int,
) -> str:
    machine = f"{os.cpu_count()} CPUs ({cpu_model()}), {memory_total()} RAM, Python {sys.version.split()[0]}"
    load = (
        f"wrk {settings.threads} threads, {settings.connections} connections, "
        f"{settings.warmup_s} s warm-up + {settings.duration_s} s measured, {rounds} interleaved round(s), "
        "medians; wrk and both services share the machine's cores"
    )
    lines = [
        "Generated by `python bench/gateway.py --write-docs` (`make bench-gateway` runs it without writing).",
        "",
        f"- Date (UTC): {datetime.now(UTC):%Y-%m-%d}",
        f"- Machine: {machine}",
        "- Request: `GET /api/v1/jobs/whoami` with a bearer token, verified by the gateway and again by the"
        " service; one uvicorn worker per process; SQLite.",
        f"- Unloaded: {sequential} sequential requests on one kept-alive connection, after 20 warm-up ones.",
        f"- Loaded: {load}.",
        "",
        "| target | unloaded p50 ms | unloaded p95 ms | req/s loaded | p50 ms loaded | p99 ms loaded |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (p50, p95) in latency.items():
        runs = loaded[name]
        rps = statistics.median(r.requests_per_s for r in runs)
        lp50 = statistics.median(r.p50_ms for r in runs)
        lp99 = statistics.median(r.p99_ms for r in runs)
        errors = sum(r.errors for r in runs)
        note = f" ({errors} errors)" if errors else ""
        lines.append(f"| {name}{note} | {p50:.2f} | {p95:.2f} | {rps:,.0f} | {lp50:.2f} | {lp99:.2f} |")
    (d50, _), (g50, _) = latency["direct to jobs"], latency["through the gateway"]
    lines += ["", f"Gateway overhead, unloaded p50: {g50 - d50:+.2f} ms per request."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gateway overhead benchmark")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="measured seconds per wrk run")
    parser.add_argument("--sequential", type=int, default=500, help="requests for the unloaded latency")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)
    settings = LoadSettings(threads=2, connections=32, warmup_s=2, duration_s=args.duration)
    block = run(args.rounds, settings, args.sequential)
    print(block)
    if args.write_docs:
        write_docs(DOCS, block, DOCS_START, DOCS_END, DOCS_HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
