"""The reverse proxy: pure ASGI, streaming, one pooled aiohttp client.

``/api/v1/<service>/...`` is forwarded unchanged to that service. A present
but invalid token is refused here (401), as is the token of a user who must
change their password first (403); a missing one passes as anonymous and the
service decides. Anonymous GETs of the search routes spend a per-address budget
(:class:`AnonymousBudget`, 429 with Retry-After when it is spent). Hop-by-hop headers
are dropped; ``X-Request-ID`` and ``X-Forwarded-*`` are set. A refused connection gives 503 at once, a read
timeout 504. The client is aiohttp's, chosen by measurement
(docs/benchmarks.md): httpx's default transport served ~8x fewer requests here.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import aiohttp
from opentelemetry.trace import SpanKind, Tracer
from starlette.types import ASGIApp, Receive, Scope, Send

from imis_gateway.forwarding import ForwardedHeader, Network, scope_address
from imis_gateway.ratelimit import RateLimiter
from imis_shared.auth import TokenVerifier, bearer_token, refuse_pending_password_change
from imis_shared.errors import DomainError, ServiceUnavailable, TooManyRequests, problem_response
from imis_shared.http import BodyLimits
from imis_shared.metrics import ROUTE_KEY, ServiceMetrics
from imis_shared.request_id import current_request_id
from imis_shared.tracing import inject_headers

logger = logging.getLogger("imis.gateway.proxy")

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
DROP_REQUEST = HOP_BY_HOP | {b"host", b"x-request-id", b"forwarded"}
DROP_REQUEST_PREFIX = (b"x-forwarded-",)
DROP_RESPONSE = HOP_BY_HOP | {b"server", b"date"}


class RouteTable:
    """Public path prefix → upstream base URL, e.g. ``/api/v1/jobs/`` → ``http://127.0.0.1:8001``."""

    def __init__(self, upstreams: Mapping[str, str]) -> None:
        self.upstreams = {name: url.rstrip("/") for name, url in upstreams.items()}
        self._prefixes = [(f"/api/v1/{name}", name) for name in self.upstreams]

    def match(self, path: str) -> str | None:
        for prefix, name in self._prefixes:
            if path == prefix or path.startswith(prefix + "/"):
                return name
        return None


@dataclass(frozen=True)
class AnonymousBudget:
    """Anonymous GETs of ``paths`` (exact): at most ``limit`` per client address per ``window``.

    Search routes are public and each answer is cheap, but anyone can call them in a loop; a
    caller with a token is known and is not counted here.
    """

    limiter: RateLimiter
    paths: Collection[str]
    limit: int
    window: float
    # Behind these proxies the caller's address is the one they forwarded (imis_gateway.forwarding).
    trusted_proxies: Sequence[Network] = ()
    forwarded_header: ForwardedHeader = "x-forwarded-for"

    async def spend(self, scope: Scope) -> None:
        if scope["method"] != "GET" or scope["path"] not in self.paths:
            return
        address = scope_address(scope, self.trusted_proxies, self.forwarded_header)
        try:
            wait = await self.limiter.acquire(f"anonymous-search:address:{address}", self.limit, self.window)
        except ServiceUnavailable:  # the shared store is down: a cost guard lets public reads through
            return
        if wait is not None:
            raise TooManyRequests(
                "Too many searches from this address without signing in; wait, or sign in.", retry_after=wait
            )


# The pool drops a connection idle this long, well before the services close it
# (imis_shared.cli.KEEP_ALIVE_SECONDS): reusing one the service is closing would answer 502.
IDLE_CONNECTION_SECONDS = 30


class UpstreamClient:
    """Holds the shared aiohttp session; opened and closed by the app lifespan."""

    def __init__(self, *, connect_timeout: float, read_timeout: float, max_connections: int) -> None:
        self.timeout = aiohttp.ClientTimeout(total=None, connect=connect_timeout, sock_read=read_timeout)
        self.max_connections = max_connections
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=self.max_connections, keepalive_timeout=IDLE_CONNECTION_SECONDS, ttl_dns_cache=300
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self.timeout,
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("the upstream client is not open (app lifespan not started)")
        return self._session


def _forwarded_headers(scope: Scope) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    connection_tokens: set[bytes] = set()
    forwarded_for = None
    for name, value in scope["headers"]:
        if name == b"connection":
            connection_tokens |= {token.strip().lower() for token in value.split(b",")}
        if name == b"x-forwarded-for":
            forwarded_for = value.decode("latin-1")
    for name, value in scope["headers"]:
        if name in DROP_REQUEST or name in connection_tokens or name.startswith(DROP_REQUEST_PREFIX):
            continue
        headers.append((name.decode("latin-1"), value.decode("latin-1")))
    client_host = scope["client"][0] if scope.get("client") else "unknown"
    # We are the public edge: an incoming X-Forwarded-For is only kept as history.
    headers.append(("X-Forwarded-For", f"{forwarded_for}, {client_host}" if forwarded_for else client_host))
    headers.append(("X-Forwarded-Proto", scope.get("scheme", "http")))
    host = next((v.decode("latin-1") for n, v in scope["headers"] if n == b"host"), None)
    if host:
        headers.append(("X-Forwarded-Host", host))
    headers.append(("X-Request-ID", current_request_id() or ""))
    trace_context: dict[str, str] = {}
    inject_headers(trace_context)  # traceparent of the current span, when tracing is on
    headers.extend(trace_context.items())
    return headers


class BodyTooLarge(Exception):
    pass


async def _request_body(receive: Receive, limit: int) -> AsyncIterator[bytes]:
    received = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return bool(value.strip() != b"0")
        if name == b"transfer-encoding":
            return True
    return False


class ProxyMiddleware:
    """Forwards routed prefixes upstream; everything else goes to the gateway's own app."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        routes: RouteTable,
        client: UpstreamClient,
        verifier: TokenVerifier,
        body_limits: BodyLimits,
        metrics: ServiceMetrics,
        tracer: Tracer | None = None,
        anonymous_budget: AnonymousBudget | None = None,
    ) -> None:
        self.app = app
        self.anonymous_budget = anonymous_budget
        self.metrics = metrics
        self.tracer = tracer
        self.routes = routes
        self.client = client
        self.verifier = verifier
        self.body_limits = body_limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        service = self.routes.match(scope["path"]) if scope["type"] == "http" else None
        if service is None:
            await self.app(scope, receive, send)
            return
        scope[ROUTE_KEY] = f"/api/v1/{service}/{{path}}"  # one metrics series per service
        try:
            await self._check_token(scope)
        except DomainError as error:
            await _problem(
                scope, receive, send, error.status, error.title, error.detail, error.headers, error.type
            )
            return
        if self.tracer is None:
            await self._forward(service, scope, receive, send)
            return
        with self.tracer.start_as_current_span(f"{scope['method']} {service}", kind=SpanKind.CLIENT) as span:
            span.set_attribute("peer.service", f"imis-{service}")
            await self._forward(service, scope, receive, send)

    async def _check_token(self, scope: Scope) -> None:
        authorization = next(
            (v.decode("latin-1") for n, v in scope["headers"] if n == b"authorization"), None
        )
        token = bearer_token(authorization)
        if token is not None:  # a user who must change their password may call no service yet
            refuse_pending_password_change(await self.verifier.verify(token))
        elif self.anonymous_budget is not None:
            await self.anonymous_budget.spend(scope)

    async def _forward(self, service: str, scope: Scope, receive: Receive, send: Send) -> None:
        # raw_path keeps percent-encoding exactly as the client sent it ("a%2Fb" stays one segment).
        raw_path: bytes = scope.get("raw_path") or quote(scope["path"]).encode()
        url = self.routes.upstreams[service] + raw_path.decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        limit = self.body_limits.for_path(scope["path"])
        body = _request_body(receive, limit) if _has_body(scope) else None
        started = False
        try:
            async with self.client.session.request(
                scope["method"],
                url,
                headers=_forwarded_headers(scope),
                data=body,
                allow_redirects=False,
                skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            ) as upstream:
                headers = [
                    (name.lower(), value)
                    for name, value in upstream.raw_headers
                    if name.lower() not in DROP_RESPONSE
                ]
                await send({"type": "http.response.start", "status": upstream.status, "headers": headers})
                started = True
                async for chunk in upstream.content.iter_any():
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except BodyTooLarge:
            await self._fail(
                scope,
                receive,
                send,
                started,
                413,
                "Request body too large",
                f"The limit is {limit} bytes.",
                "payload-too-large",
            )
        except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:
            logger.warning("upstream %s unreachable: %s", service, error)
            self._count_error(service, "unreachable")
            await self._fail(
                scope,
                receive,
                send,
                started,
                503,
                "Service unavailable",
                f"The {service} service is not reachable; try again shortly.",
                "service-unavailable",
                {"Retry-After": "5"},
            )
        except (TimeoutError, aiohttp.ServerTimeoutError):
            logger.warning("upstream %s timed out", service)
            self._count_error(service, "timeout")
            await self._fail(
                scope,
                receive,
                send,
                started,
                504,
                "Upstream service timed out",
                f"The {service} service did not answer in time.",
                "gateway-timeout",
            )
        except aiohttp.ClientError as error:
            logger.warning("upstream %s failed: %s", service, error)
            self._count_error(service, "bad_response")
            await self._fail(
                scope,
                receive,
                send,
                started,
                502,
                "Upstream service error",
                f"The {service} service gave an invalid response.",
                "bad-gateway",
            )

    def _count_error(self, service: str, kind: str) -> None:
        self.metrics.upstream_errors.labels(self.metrics.service, service, kind).inc()

    async def _fail(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        started: bool,
        status: int,
        title: str,
        detail: str,
        slug: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        if started:  # the status line is sent; all we can do is cut the response short
            raise ConnectionAbortedError(f"upstream failed mid-response: {title}")
        await _problem(scope, receive, send, status, title, detail, headers or {}, f"urn:imis:problem:{slug}")


async def _problem(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    title: str,
    detail: str | None,
    headers: Mapping[str, str],
    type_: str,
) -> None:
    response = problem_response(
        status, title, headers=headers, type_=type_, detail=detail, instance=scope["path"]
    )
    await response(scope, receive, send)
