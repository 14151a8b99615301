"""The command line every service shares: ``serve``, ``migrate`` and, for a service that takes part
in events, ``worker``.

The same commands run on a laptop, in ``imis up`` and in the container
images, so what production runs is what the tests run.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import signal
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

from imis_shared.db import Database
from imis_shared.events import EventSetup, broker_config, run_event_worker
from imis_shared.logging import configure_logging
from imis_shared.metrics import MULTIPROCESS_ENV
from imis_shared.migrations import upgrade_to_head
from imis_shared.settings import ServiceSettings, SettingsError, load_settings

Command = Callable[[argparse.Namespace, ServiceSettings], int]
# How long a served process keeps an idle HTTP connection open. A proxy in front (the gateway's pool,
# a load balancer) must give up on an idle connection sooner, or it may send a request on a connection
# the server is closing at that moment and answer 502: the gateway's pool keeps them for
# imis_gateway.proxy.forward.IDLE_CONNECTION_SECONDS (30), well under this.
KEEP_ALIVE_SECONDS = 75
SERVE_ENV = "IMIS_SERVE"  # how `serve` tells each uvicorn worker process what to build


def app_from_environment() -> object:
    """The uvicorn factory every worker calls: configure logging, then build the service's app.

    uvicorn starts extra workers as fresh processes, which inherit the environment
    but not the parent's logging setup; so the worker reads both from ``IMIS_SERVE``.
    """
    spec = json.loads(os.environ[SERVE_ENV])
    configure_logging(spec["service"], spec["log_level"], spec["log_format"])
    module, _, function = spec["factory"].partition(":")
    factory = getattr(importlib.import_module(module), function)
    return factory()


def share_metrics_between_workers() -> None:
    """Workers are separate processes: have them keep their metrics in files that every
    worker's /metrics adds up. The directory is PROMETHEUS_MULTIPROC_DIR if set (emptied of a
    previous run's files), else a new one under the temporary directory."""
    directory = os.environ.get(MULTIPROCESS_ENV)
    if directory:
        for stale in Path(directory).glob("*.db"):
            stale.unlink()
    else:
        os.environ[MULTIPROCESS_ENV] = tempfile.mkdtemp(prefix="imis-metrics-")


def healthcheck(settings: ServiceSettings) -> int:
    """0 when the server on this host's PORT answers ``/health`` with 200, else 1."""
    url = f"http://127.0.0.1:{settings.port}/health"
    try:
        response = httpx.get(url, timeout=3.0)
    except httpx.HTTPError as error:
        print(f"unhealthy: {url}: {type(error).__name__}", file=sys.stderr)
        return 1
    if response.status_code != 200:
        print(f"unhealthy: {url} answered {response.status_code}", file=sys.stderr)
        return 1
    return 0


async def _work(settings: ServiceSettings, setup: EventSetup) -> None:
    config = broker_config(settings)
    assert config is not None
    database = Database(settings.database_url)
    task = asyncio.create_task(run_event_worker(database, setup, config, settings))
    loop = asyncio.get_running_loop()
    for stop in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(stop, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        pass
    finally:
        await database.dispose()


def work(settings: ServiceSettings, setup: EventSetup) -> int:
    """``worker``: the service's event relay and consumers without the HTTP server, until SIGTERM."""
    if settings.events_url is None:
        prefix = str(settings.model_config.get("env_prefix", ""))
        print(f"{prefix}EVENTS_URL is not set: there is no broker to work with", file=sys.stderr)
        return 2
    asyncio.run(_work(settings, setup))
    return 0


@dataclass
class ServiceCli:
    """Describes one service's CLI; extra commands add to serve and migrate."""

    name: str
    settings_class: type[ServiceSettings]
    app_factory: str  # "package.module:function" building the app from the environment
    script_location: Path
    extra: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Command]] = field(
        default_factory=dict
    )
    events: str | None = None  # "package.module:NAME" of the service's EventSetup, if it takes part

    def event_setup(self) -> EventSetup:
        assert self.events is not None
        module, _, name = self.events.partition(":")
        setup: EventSetup = getattr(importlib.import_module(module), name)
        return setup

    def parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(prog=f"imis-{self.name}", description=f"IMIS {self.name} service")
        commands = parser.add_subparsers(dest="command", required=True)
        serve = commands.add_parser("serve", help="serve the HTTP API with uvicorn")
        serve.add_argument("--host", help="bind address (default: the HOST setting)")
        serve.add_argument("--port", type=int, help="port (default: the PORT setting)")
        serve.add_argument(
            "--workers", type=int, help="uvicorn worker processes (default: the WORKERS setting)"
        )
        serve.add_argument("--migrate", action="store_true", help="apply migrations before serving")
        commands.add_parser("migrate", help="apply the database migrations up to head")
        commands.add_parser(
            "healthcheck", help="exit 0 if the local server answers /health (container HEALTHCHECK)"
        )
        if self.events is not None:
            commands.add_parser(
                "worker", help="run the event relay and consumers without the HTTP server (EVENTS_URL)"
            )
        for command, (help_text, configure, _run) in self.extra.items():
            configure(commands.add_parser(command, help=help_text))
        return parser

    def main(self, argv: Sequence[str] | None = None) -> int:
        args = self.parser().parse_args(argv)
        try:
            settings = load_settings(self.settings_class)
        except SettingsError as error:
            print(error, file=sys.stderr)
            return 2
        configure_logging(self.name, settings.log_level, settings.effective_log_format)
        if args.command == "migrate":
            return self.migrate(settings)
        if args.command == "healthcheck":
            return healthcheck(settings)
        if args.command == "serve":
            try:
                settings.check_serving()
            except SettingsError as error:
                print(error, file=sys.stderr)
                return 2
            if args.migrate and self.migrate(settings) != 0:
                return 1
            workers = args.workers or settings.workers
            if workers > 1:
                share_metrics_between_workers()
            os.environ[SERVE_ENV] = json.dumps(
                {
                    "service": self.name,
                    "factory": self.app_factory,
                    "log_level": settings.log_level,
                    "log_format": settings.effective_log_format,
                }
            )
            uvicorn.run(
                "imis_shared.cli:app_from_environment",
                factory=True,
                host=args.host or settings.host,
                port=args.port or settings.port,
                workers=workers,
                log_config=None,
                access_log=False,
                proxy_headers=False,
                server_header=False,
                timeout_keep_alive=KEEP_ALIVE_SECONDS,
            )
            return 0
        if args.command == "worker":
            return work(settings, self.event_setup())
        _help, _configure, run = self.extra[args.command]
        return run(args, settings)

    def migrate(self, settings: ServiceSettings) -> int:
        upgrade_to_head(self.script_location, settings.database_url)
        print(f"{self.name}: migrations applied", file=sys.stderr)
        return 0
