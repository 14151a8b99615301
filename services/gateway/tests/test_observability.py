"""The gateway's metrics (not public) and trace propagation gateway → service."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from gateway_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, login
from opentelemetry.trace import SpanKind
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_gateway.tokens.keys import SigningKey
from imis_shared.app import create_service_app
from imis_shared.settings import ServiceSettings
from imis_shared.whoami import whoami_router
from imis_testing import SpanCapture, app_client, capture_spans, serve_in_thread

TOKEN = "scrape-secret-2026"


def value(exposition: str, name: str, **labels: str) -> float | None:
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return float(sample.value)
    return None


class TestGatewayMetrics:
    async def test_are_not_served_on_the_public_port_without_a_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/metrics")
        assert response.status_code == 404
        assert "imis_http" not in response.text

    async def test_count_proxied_calls_per_service_and_upstream_errors(
        self, settings: GatewaySettings
    ) -> None:
        scraping = settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})
        async with app_client(create_app(scraping)) as client:
            assert (await client.get("/api/v1/jobs/echo/a/1")).status_code == 200
            assert (await client.get("/api/v1/jobs/echo/b/2")).status_code == 200
            assert (await client.get("/api/v1/diaspora/whoami")).status_code == 503  # nothing listens
            refused = await client.get("/metrics")
            body = (await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
        assert refused.status_code == 401
        count = "imis_http_requests_total"
        assert value(body, count, service="gateway", route="/api/v1/jobs/{path}", status="200") == 2.0
        assert value(body, count, route="/api/v1/diaspora/{path}", status="503") == 1.0
        errors = "imis_upstream_errors_total"
        assert value(body, errors, service="gateway", upstream="diaspora", kind="unreachable") == 1.0
        assert value(body, errors, upstream="jobs") is None


@pytest.fixture
def exporter(monkeypatch: pytest.MonkeyPatch) -> SpanCapture:
    return capture_spans(monkeypatch)


class TestTracePropagation:
    async def test_a_proxied_request_is_one_trace_from_gateway_to_service(
        self, settings: GatewaySettings, exporter: SpanCapture, tmp_path: Path
    ) -> None:
        assert settings.signing_key_file is not None
        collector = "http://otel-collector.invalid:4318"
        jwks = tmp_path / "jwks.json"
        key = SigningKey.from_pem(settings.signing_key_file.read_bytes())
        jwks.write_text(json.dumps({"keys": [key.public_jwk]}))
        service_settings = ServiceSettings(
            environment="test",
            database_url=f"sqlite:///{tmp_path / 'svc.sqlite3'}",
            jwt_issuer=settings.jwt_issuer,
            jwt_audience=settings.jwt_audience,
            jwks_url=None,
            jwt_public_keys_file=str(jwks),
            otlp_endpoint=collector,
        )
        service = create_service_app(
            name="info",
            title="Info",
            version="0",
            description="A traced service",
            settings=service_settings,
            routers=[whoami_router("info", "/api/v1/info")],
            script_location=tmp_path / "no-migrations",
        )
        with serve_in_thread(service) as service_url:
            gateway_settings = settings.model_copy(
                update={"info_url": service_url, "otlp_endpoint": collector}
            )
            async with app_client(create_app(gateway_settings)) as gateway:
                tokens = await login(gateway, ADMIN_EMAIL, ADMIN_PASSWORD)
                exporter.clear()
                response = await gateway.get("/api/v1/info/whoami", headers=tokens.headers)
                assert response.status_code == 200, response.text
        spans = {
            (span.resource.attributes["service.name"], span.kind): span
            for span in exporter.get_finished_spans()
        }
        edge = spans[("imis-gateway", SpanKind.SERVER)]
        outgoing = spans[("imis-gateway", SpanKind.CLIENT)]
        served = spans[("imis-info", SpanKind.SERVER)]
        assert edge.context.trace_id == outgoing.context.trace_id == served.context.trace_id
        assert outgoing.parent is not None and outgoing.parent.span_id == edge.context.span_id
        assert served.parent is not None and served.parent.span_id == outgoing.context.span_id
        assert served.name == "GET /api/v1/info/whoami" and edge.name == "GET /api/v1/info/{path}"
