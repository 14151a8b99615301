"""Metrics at /metrics, OpenTelemetry tracing (off by default) and trace ids in the logs."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Request, Response
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.trace import SpanKind
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy import text

from imis_shared.app import api_router
from imis_shared.logging import configure_logging
from imis_shared.settings import Environment, ServiceSettings, SettingsError
from imis_testing import SpanCapture, app_client, capture_spans, serve_in_thread

AppFactory = Callable[..., FastAPI]
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_SPAN_ID = "00f067aa0ba902b7"


def samples(exposition: str, name: str) -> list[tuple[dict[str, str], float]]:
    found = []
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name:
                found.append((sample.labels, sample.value))
    return found


def value(exposition: str, name: str, **labels: str) -> float | None:
    for sample_labels, sample_value in samples(exposition, name):
        if all(sample_labels.get(key) == wanted for key, wanted in labels.items()):
            return sample_value
    return None


def demo_router() -> APIRouter:
    router = api_router(prefix="/api/v1/demo")

    @router.get("/items/{item_id}")
    async def item(item_id: str, request: Request) -> dict[str, Any]:
        async with request.app.state.database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        # What a scrape during this request would see.
        exposition = request.app.state.metrics.exposition().decode()
        logging.getLogger("imis.demo").info("item read")
        return {
            "in_flight": value(exposition, "imis_http_requests_in_flight", service="demo"),
            "item": item_id,
        }

    @router.get("/slow")
    async def slow() -> dict[str, str]:
        await asyncio.sleep(0.05)
        return {"status": "done"}

    return router


class TestMetrics:
    async def test_counts_requests_by_route_template_and_status(self, make_app: AppFactory) -> None:
        async with app_client(make_app([demo_router()])) as client:
            first = await client.get("/api/v1/demo/items/a-1")
            await client.get("/api/v1/demo/items/b-2")
            await client.get("/api/v1/demo/nothing-here/12345")
            scraped = await client.get("/metrics")
        assert first.json()["in_flight"] == 1.0
        assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
        body = scraped.text
        template = "/api/v1/demo/items/{item_id}"
        count = "imis_http_requests_total"
        assert value(body, count, service="demo", method="GET", route=template, status="200") == 2.0
        assert value(body, count, route="unmatched", status="404") == 1.0
        assert not [labels for labels, _ in samples(body, count) if "a-1" in labels["route"]]
        assert value(body, "imis_http_requests_in_flight", service="demo") == 0.0
        histogram_count = value(
            body, "imis_http_request_duration_seconds_count", route=template, status="200"
        )
        assert histogram_count == 2.0
        assert value(body, count, route="/metrics") is None  # scrapes are not requests of the service

    async def test_latency_lands_in_the_buckets(self, make_app: AppFactory) -> None:
        async with app_client(make_app([demo_router()])) as client:
            await client.get("/api/v1/demo/slow")
            body = (await client.get("/metrics")).text
        name = "imis_http_request_duration_seconds_bucket"
        assert value(body, name, route="/api/v1/demo/slow", le="0.025") == 0.0
        assert value(body, name, route="/api/v1/demo/slow", le="0.1") == 1.0
        total = value(body, "imis_http_request_duration_seconds_sum", route="/api/v1/demo/slow")
        assert total is not None and total >= 0.05

    async def test_reports_the_database_pool(self, make_app: AppFactory) -> None:
        async with app_client(make_app([demo_router()])) as client:
            await client.get("/api/v1/demo/items/x")
            body = (await client.get("/metrics")).text
        assert value(body, "imis_db_pool_connections", service="demo", state="checked_out") == 0.0
        size = value(body, "imis_db_pool_connections", service="demo", state="size")
        assert size is not None and size >= 1

    async def test_a_configured_token_is_required(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        app = make_app(settings=settings.model_copy(update={"metrics_token": SecretStr("scrape-secret-1")}))
        async with app_client(app) as client:
            missing = await client.get("/metrics")
            wrong = await client.get("/metrics", headers={"Authorization": "Bearer guess"})
            right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-1"})
        assert (missing.status_code, wrong.status_code, right.status_code) == (401, 401, 200)
        assert "imis_http_requests_in_flight" in right.text

    async def test_production_without_a_token_refuses_to_start(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        production = settings.model_copy(update={"environment": Environment.PRODUCTION})
        with pytest.raises(SettingsError, match="METRICS_TOKEN must be set in production"):
            make_app(settings=production)

    async def test_production_with_a_token_requires_it(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        production = settings.model_copy(
            update={"environment": Environment.PRODUCTION, "metrics_token": SecretStr("scrape-secret-2")}
        )
        async with app_client(make_app(settings=production)) as client:
            missing = await client.get("/metrics")
            right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret-2"})
        assert (missing.status_code, right.status_code) == (401, 200)

    async def test_development_serves_metrics_without_a_token(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        development = settings.model_copy(update={"environment": Environment.DEVELOPMENT})
        async with app_client(make_app(settings=development)) as client:
            assert (await client.get("/metrics")).status_code == 200

    async def test_two_apps_in_one_process_count_apart(self, make_app: AppFactory) -> None:
        one, two = make_app([demo_router()]), make_app([demo_router()])
        async with app_client(one) as first, app_client(two) as second:
            await first.get("/api/v1/demo/items/1")
            body = (await second.get("/metrics")).text
        assert value(body, "imis_http_requests_total", route="/api/v1/demo/items/{item_id}") is None


@pytest.fixture
def exporter(monkeypatch: pytest.MonkeyPatch) -> SpanCapture:
    """Spans of apps built from now on go here instead of to an OTLP collector."""
    return capture_spans(monkeypatch)


@pytest.fixture
def traced(settings: ServiceSettings) -> ServiceSettings:
    return settings.model_copy(update={"otlp_endpoint": "http://otel-collector.invalid:4318"})


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


class TestTracing:
    async def test_is_off_by_default(self, make_app: AppFactory, exporter: SpanCapture) -> None:
        app = make_app([demo_router()])
        async with app_client(app) as client:
            await client.get(
                "/api/v1/demo/items/1", headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"}
            )
        assert app.state.tracer is None
        assert exporter.get_finished_spans() == ()

    async def test_a_request_continues_the_callers_trace(
        self, make_app: AppFactory, traced: ServiceSettings, exporter: SpanCapture
    ) -> None:
        async with app_client(make_app([demo_router()], settings=traced)) as client:
            response = await client.get(
                "/api/v1/demo/items/42", headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"}
            )
            assert response.status_code == 200
        [span] = exporter.get_finished_spans()
        assert span.kind is SpanKind.SERVER
        assert span.name == "GET /api/v1/demo/items/{item_id}"
        assert format(span.context.trace_id, "032x") == TRACE_ID
        assert span.parent is not None and format(span.parent.span_id, "016x") == PARENT_SPAN_ID
        assert span.attributes is not None
        assert span.attributes["http.response.status_code"] == 200
        assert span.resource.attributes["service.name"] == "imis-demo"

    async def test_without_a_traceparent_a_new_trace_starts(
        self, make_app: AppFactory, traced: ServiceSettings, exporter: SpanCapture
    ) -> None:
        async with app_client(make_app([demo_router()], settings=traced)) as client:
            await client.get("/api/v1/demo/items/1")
            await client.get("/api/v1/demo/items/2")
        spans = exporter.get_finished_spans()
        assert len(spans) == 2 and all(span.parent is None for span in spans)
        assert spans[0].context.trace_id != spans[1].context.trace_id

    @pytest.mark.usefixtures("restore_logging")
    async def test_json_log_lines_carry_the_trace_id(
        self,
        make_app: AppFactory,
        traced: ServiceSettings,
        exporter: SpanCapture,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        app = make_app([demo_router()], settings=traced)
        configure_logging("demo", "INFO", "json")
        async with app_client(app) as client:
            await client.get(
                "/api/v1/demo/items/7",
                headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01", "X-Request-ID": "req-trace-7"},
            )
        entries = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
        mine = [entry for entry in entries if entry.get("request_id") == "req-trace-7"]
        assert {entry["logger"] for entry in mine} >= {"imis.demo", "imis.access"}
        assert {entry["trace_id"] for entry in mine} == {TRACE_ID}


class TestOtlpExport:
    async def test_spans_reach_an_otlp_http_collector(
        self, make_app: AppFactory, settings: ServiceSettings
    ) -> None:
        """A real collector endpoint (a small HTTP server here) receives the spans as OTLP protobuf."""
        received: list[tuple[str, str, bytes]] = []
        collector = FastAPI()

        @collector.post("/v1/traces")
        async def traces(request: Request) -> Response:
            received.append((request.url.path, request.headers["content-type"], await request.body()))
            return Response(status_code=200)

        with serve_in_thread(collector) as collector_url:
            app = make_app(
                [demo_router()], settings=settings.model_copy(update={"otlp_endpoint": collector_url})
            )
            async with app_client(app) as client:
                await client.get(
                    "/api/v1/demo/items/9", headers={"traceparent": f"00-{TRACE_ID}-{PARENT_SPAN_ID}-01"}
                )
            # The lifespan's end flushed the batch to the collector.
        assert [(path, kind) for path, kind, _ in received] == [("/v1/traces", "application/x-protobuf")]
        export = ExportTraceServiceRequest()
        export.ParseFromString(received[0][2])
        [resource_spans] = export.resource_spans
        service_name = next(
            a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name"
        )
        [span] = [span for scope in resource_spans.scope_spans for span in scope.spans]
        assert service_name == "imis-demo" and span.name == "GET /api/v1/demo/items/{item_id}"
        assert span.trace_id.hex() == TRACE_ID
