"""Prometheus metrics of every service, served at ``/metrics``.

Each app has its own registry (two apps in one process, as in the tests, count apart).
Requests are labelled by route *template* (``/api/v1/jobs/vacancies/{vacancy_id}``), never by
the raw path, so that ids do not explode the number of series; a path no route matches is
``unmatched``. The database pool is read at scrape time. With several uvicorn workers
(``serve --workers N``) the workers write their values to files in ``PROMETHEUS_MULTIPROC_DIR``
and a scrape, whichever worker answers it, reports their sum.

``/metrics`` is for the monitoring system, not the public: when ``METRICS_TOKEN`` is set it
needs ``Authorization: Bearer <token>``; the gateway, whose port is public, serves it only then.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

METRICS_PATH = "/metrics"
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"  # set by `serve --workers N` (N > 1), see imis_shared.cli
ROUTE_KEY = "imis.route"  # scope key an inner middleware (the gateway's proxy) may set
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


POOL_STATES = (("size", "size"), ("checked_out", "checkedout"), ("overflow", "overflow"))


def multiprocess_dir() -> str | None:
    """Where worker processes share their metrics (``PROMETHEUS_MULTIPROC_DIR``), if they do."""
    return os.environ.get(MULTIPROCESS_ENV) or None


class ServiceMetrics:
    """The metrics one service app keeps."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.multiprocess = multiprocess_dir() is not None
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "imis_http_requests",
            "HTTP requests answered, by route template and status.",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "imis_http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and status.",
            ["service", "method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "imis_http_requests_in_flight",
            "HTTP requests being answered now.",
            ["service"],
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.pool = Gauge(
            "imis_db_pool_connections",
            "Connections of the database pool by state (size: configured; checked_out: in use).",
            ["service", "state"],
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self._database: Callable[[], Any] = lambda: None
        self.upstream_errors = Counter(
            "imis_upstream_errors",
            "Calls to another service that failed (refused, timed out, bad response), by upstream and kind.",
            ["service", "upstream", "kind"],
            registry=self.registry,
        )

    def watch_database(self, database: Callable[[], Any]) -> None:
        """Report the pool of whatever ``database()`` returns (a Database once the lifespan runs)."""
        self._database = database

    def sample_pool(self) -> None:
        database = self._database()
        pool = database.engine.pool if database is not None else None
        for state, method in POOL_STATES:
            reader = getattr(pool, method, None)
            if callable(reader):
                self.pool.labels(self.service, state).set(float(reader()))

    def exposition(self) -> bytes:
        """The text format; with several workers, the sum over all of them."""
        self.sample_pool()
        directory = multiprocess_dir()
        if directory is None:
            return generate_latest(self.registry)
        merged = CollectorRegistry()
        MultiProcessCollector(merged, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(merged)


class ResponseStatus:
    """A ``send`` that notes the status the app answers with, for the middleware that count,
    trace and log requests: 500 until a response starts, so an app that raised is a 500."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.code = 500

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.code = message["status"]
        await self.send(message)


def route_template(scope: Scope) -> str:
    template = scope.get(ROUTE_KEY)
    if isinstance(template, str):
        return template
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class MetricsMiddleware:
    """Counts and times every HTTP request (pure ASGI); ``/metrics`` itself is not counted."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == METRICS_PATH:
            await self.app(scope, receive, send)
            return
        metrics = self.metrics
        started = time.perf_counter()
        status = ResponseStatus(send)
        in_flight = metrics.in_flight.labels(metrics.service)
        in_flight.inc()
        try:
            await self.app(scope, receive, status)
        finally:
            in_flight.dec()
            if metrics.multiprocess:  # a scrape reaches one worker: keep every worker's pool current
                metrics.sample_pool()
            labels = (metrics.service, scope["method"], route_template(scope), str(status.code))
            metrics.requests.labels(*labels).inc()
            metrics.latency.labels(*labels).observe(time.perf_counter() - started)


def metrics_endpoint(metrics: ServiceMetrics, token: str | None, *, require_token: bool) -> Any:
    """The ``/metrics`` handler: 404 when it must not be served, 401 without the token."""

    async def endpoint(request: Request) -> Response:
        if token is None and require_token:
            return Response(status_code=404)
        if token is not None:
            presented = request.headers.get("authorization", "")
            if not hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
                return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return endpoint
