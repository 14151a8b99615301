"""OpenTelemetry tracing: off unless ``OTLP_ENDPOINT`` is set, then spans go out over OTLP/HTTP.

Each app owns its tracer provider (started and shut down with its lifespan). A request's span
continues the W3C ``traceparent`` it arrived with, so a trace runs gateway → service; the
gateway's proxy injects the header into every forwarded request (:func:`inject_headers`).
The trace id is also written on every log line of the request (imis_shared.logging).
"""

from __future__ import annotations

from collections.abc import MutableMapping

from opentelemetry import context, propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer
from starlette.types import ASGIApp, Receive, Scope, Send

from imis_shared.metrics import ResponseStatus, route_template
from imis_shared.settings import ServiceSettings

INSTRUMENTATION = "imis"


def span_exporter(endpoint: str) -> SpanExporter:
    """The exporter for ``endpoint`` (an OTLP/HTTP collector's base URL, e.g. http://otel:4318)."""
    return OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")


def tracer_provider(settings: ServiceSettings, service: str) -> TracerProvider | None:
    """The app's provider when tracing is configured, else None (tracing off)."""
    if not settings.otlp_endpoint:
        return None
    provider = TracerProvider(
        resource=Resource.create(
            {"service.name": f"imis-{service}", "deployment.environment": settings.environment}
        ),
        sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)),
    )
    provider.add_span_processor(BatchSpanProcessor(span_exporter(settings.otlp_endpoint)))
    return provider


def current_trace_id() -> str | None:
    span_context = trace.get_current_span().get_span_context()
    return format(span_context.trace_id, "032x") if span_context.is_valid else None


def inject_headers(headers: MutableMapping[str, str]) -> None:
    """Add ``traceparent`` (and ``tracestate``) of the current span to outgoing headers."""
    propagate.inject(headers)


class TracingMiddleware:
    """One SERVER span per HTTP request, continuing the caller's trace (pure ASGI)."""

    def __init__(self, app: ASGIApp, tracer: Tracer) -> None:
        self.app = app
        self.tracer = tracer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        carrier = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        parent = propagate.extract(carrier)
        status = ResponseStatus(send)
        token = context.attach(parent)
        try:
            with self.tracer.start_as_current_span(
                scope["method"], kind=SpanKind.SERVER, record_exception=True
            ) as span:
                span.set_attribute("http.request.method", scope["method"])
                span.set_attribute("url.path", scope["path"])
                try:
                    await self.app(scope, receive, status)
                finally:
                    route = route_template(scope)
                    span.update_name(f"{scope['method']} {route}")
                    span.set_attribute("http.route", route)
                    span.set_attribute("http.response.status_code", status.code)
                    if status.code >= 500:
                        span.set_status(Status(StatusCode.ERROR))
        finally:
            context.detach(token)
