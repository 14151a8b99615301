"""Pick the HTTP client for the API gateway's reverse proxy by measuring it.

The gateway forwards every request to a backend service, so the client it
uses sits on the hot path of every call.  This script measures, on this
machine and with loopback traffic only, how much throughput and latency each
candidate client costs when used inside a minimal streaming reverse proxy:

* ``httpx``          -- ``httpx.AsyncClient`` with its default (httpcore) transport
* ``httpx-aiohttp``  -- ``httpx.AsyncClient`` over ``httpx_aiohttp.AiohttpTransport``
* ``aiohttp``        -- ``aiohttp.ClientSession`` with a ``TCPConnector``

Everything lives in this one file.  Run without server flags it is the driver:
it starts a tiny FastAPI upstream, then each proxy variant in turn (both as
uvicorn subprocesses of this same file), loads them with ``wrk`` and prints a
Markdown table.  ``--serve-upstream`` / ``--serve-proxy`` are the subprocess
entry points.  All servers bind 127.0.0.1, every load run is bounded in time,
and every subprocess is terminated (then killed) on exit, error or Ctrl-C.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import importlib.util
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import aiohttp
    import httpx

# --------------------------------------------------------------------------
# Settings shared by driver and servers
# --------------------------------------------------------------------------

HOST = "127.0.0.1"
PING_PATH = "/api/v1/ping"
# ~100 bytes once serialised: a typical small health/status JSON body.
PING_PAYLOAD: dict[str, object] = {
    "status": "ok",
    "service": "imis-bench-upstream",
    "version": "1.0.0",
    "message": "pong",
    "checks": {"db": "ok", "cache": "ok"},
}

# Same pool settings for every variant so the comparison is about the client,
# not about pool sizing (httpx's default keeps only 20 idle connections, which
# would churn connections under 32 concurrent clients).
POOL_LIMIT = 100
KEEPALIVE_S = 30.0
CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 10.0

VARIANTS: dict[str, str] = {
    "httpx": "proxy: httpx.AsyncClient (default transport)",
    "httpx-aiohttp": "proxy: httpx.AsyncClient + httpx-aiohttp transport",
    "aiohttp": "proxy: aiohttp.ClientSession (TCPConnector)",
}
UPSTREAM_LABEL = "upstream direct (no proxy)"
# Importable modules each target needs, checked before any server starts.
REQUIRED_MODULES: dict[str, tuple[str, ...]] = {
    "upstream": ("fastapi", "uvicorn"),
    "httpx": ("uvicorn", "httpx"),
    "httpx-aiohttp": ("uvicorn", "httpx", "httpx_aiohttp", "aiohttp"),
    "aiohttp": ("uvicorn", "aiohttp", "yarl"),
}

# RFC 9110 section 7.6.1: these describe one connection and must not be forwarded.
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

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = REPO_ROOT / "docs" / "benchmarks.md"
DOCS_START = "<!-- proxy-clients:start -->"
DOCS_END = "<!-- proxy-clients:end -->"
DOCS_HEADING = "## Proxy HTTP client choice"

Headers = list[tuple[bytes, bytes]]
Message = dict[str, Any]
Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


# --------------------------------------------------------------------------
# Servers (run inside the uvicorn subprocesses)
# --------------------------------------------------------------------------


def run_uvicorn(app: Any, port: int, *, pass_through_headers: bool) -> None:
    """Serve ``app`` the way the benchmark wants: one worker, quiet, loopback.

    The proxy turns off uvicorn's own ``server``/``date`` headers so the
    upstream's are passed through instead of being duplicated.
    """
    import uvicorn

    uvicorn.run(
        app,
        host=HOST,
        port=port,
        workers=1,
        access_log=False,
        log_level="warning",
        lifespan="on",
        server_header=not pass_through_headers,
        date_header=not pass_through_headers,
    )


def serve_upstream(port: int) -> None:
    """Run the FastAPI upstream: the cheapest realistic backend endpoint."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get(PING_PATH)
    async def ping() -> dict[str, object]:
        return PING_PAYLOAD

    run_uvicorn(app, port, pass_through_headers=False)


class UpstreamError(Exception):
    """Upstream could not be reached or answered too slowly, before any byte was sent."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Forwarder(Protocol):
    """One pooled HTTP client, opened once per process and shared by all requests."""

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    async def forward(self, url: str, headers: Headers, send: Send) -> None:
        """Send GET ``url`` upstream and stream the response to ``send``.

        Raises ``UpstreamError`` only if nothing has been sent downstream yet.
        """
        ...


def connection_listed(headers: Iterable[tuple[bytes, bytes]]) -> set[bytes]:
    """Header names that the ``Connection`` header marks as hop-by-hop too."""
    listed: set[bytes] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            listed.update(t.strip().lower() for t in value.split(b",") if t.strip())
    return listed


def end_to_end(headers: Iterable[tuple[bytes, bytes]], *, drop: Iterable[bytes] = ()) -> Headers:
    """Keep only end-to-end headers (names lower-cased), as a proxy must."""
    pairs = [(name.lower(), value) for name, value in headers]
    excluded = HOP_BY_HOP | connection_listed(pairs) | set(drop)
    return [(name, value) for name, value in pairs if name not in excluded]


async def start_response(send: Send, status: int, headers: Iterable[tuple[bytes, bytes]]) -> None:
    """Send the response head with the upstream's end-to-end headers."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": end_to_end(headers),
        }
    )


async def send_chunk(send: Send, chunk: bytes) -> None:
    """Stream one body chunk downstream as soon as it arrives."""
    if chunk:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})


async def finish_response(send: Send) -> None:
    """Close the downstream response body."""
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def refusing_cookie_jar() -> CookieJar:
    """A cookie jar that stores nothing.

    A shared proxy client must not keep one user's cookies and send them along
    with the next user's request (httpx keeps response cookies by default).
    """
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


def new_aiohttp_session() -> aiohttp.ClientSession:
    """The pooled aiohttp session for both aiohttp-based variants.

    Must be called inside the running event loop.  DummyCookieJar for the same
    reason as ``refusing_cookie_jar``; no decompression so bodies pass through.
    """
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=POOL_LIMIT, keepalive_timeout=KEEPALIVE_S),
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT_S, sock_read=READ_TIMEOUT_S),
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
        trust_env=False,
    )


class HttpxForwarder:
    """``httpx.AsyncClient``, optionally over the aiohttp-based transport."""

    def __init__(self, *, aiohttp_transport: bool) -> None:
        self._aiohttp_transport = aiohttp_transport
        self._client: httpx.AsyncClient | None = None

    async def open(self) -> None:
        import httpx

        limits = httpx.Limits(
            max_connections=POOL_LIMIT,
            max_keepalive_connections=POOL_LIMIT,
            keepalive_expiry=KEEPALIVE_S,
        )
        timeout = httpx.Timeout(
            connect=CONNECT_TIMEOUT_S,
            read=READ_TIMEOUT_S,
            write=READ_TIMEOUT_S,
            pool=CONNECT_TIMEOUT_S,
        )
        transport: httpx.AsyncBaseTransport | None = None
        if self._aiohttp_transport:
            from httpx_aiohttp import AiohttpTransport

            # Given a factory, the transport creates the session lazily inside the
            # running loop (same pool and cookie settings as the aiohttp variant);
            # it maps the client's timeout to aiohttp's sock_connect/sock_read.
            transport = AiohttpTransport(client=new_aiohttp_session)
        self._client = httpx.AsyncClient(
            limits=limits,
            timeout=timeout,
            transport=transport,
            cookies=refusing_cookie_jar(),
            trust_env=False,
            follow_redirects=False,
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def forward(self, url: str, headers: Headers, send: Send) -> None:
        import httpx

        assert self._client is not None, "lifespan startup did not run"
        try:
            request = self._client.build_request("GET", url, headers=headers)
            response = await self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise UpstreamError(504) from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(502) from exc
        try:
            await start_response(send, response.status_code, response.headers.raw)
            # aiter_raw: pass the body through without decoding it.
            async for chunk in response.aiter_raw():
                await send_chunk(send, chunk)
            await finish_response(send)
        finally:
            await response.aclose()


class AiohttpForwarder:
    """``aiohttp.ClientSession`` used directly, with an explicit ``TCPConnector``."""

    def __init__(self) -> None:
        self._session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self._session = new_aiohttp_session()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def forward(self, url: str, headers: Headers, send: Send) -> None:
        import aiohttp
        import yarl

        assert self._session is not None, "lifespan startup did not run"
        str_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
        try:
            # encoded=True: forward the path exactly as received, no re-quoting.
            response = await self._session.get(
                yarl.URL(url, encoded=True), headers=str_headers, allow_redirects=False
            )
        except TimeoutError as exc:
            raise UpstreamError(504) from exc
        except aiohttp.ClientError as exc:
            raise UpstreamError(502) from exc
        try:
            await start_response(send, response.status, response.raw_headers)
            async for chunk in response.content.iter_any():
                await send_chunk(send, chunk)
            await finish_response(send)
        finally:
            response.release()


def make_forwarder(variant: str) -> Forwarder:
    """Map the ``--serve-proxy`` value to its client implementation."""
    if variant == "httpx":
        return HttpxForwarder(aiohttp_transport=False)
    if variant == "httpx-aiohttp":
        return HttpxForwarder(aiohttp_transport=True)
    if variant == "aiohttp":
        return AiohttpForwarder()
    raise ValueError(f"unknown proxy variant {variant!r}")


class ReverseProxy:
    """Pure ASGI GET reverse proxy: no routing or middleware cost to blur the numbers."""

    def __init__(self, upstream: str, forwarder: Forwarder) -> None:
        self._upstream = upstream.rstrip("/")
        self._forwarder = forwarder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Open the one shared client at startup, close it at shutdown."""
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # An exception here makes uvicorn (lifespan="on") log it and exit.
                await self._forwarder.open()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self._forwarder.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, send: Send) -> None:
        if scope["method"] != "GET":
            await self._error(send, 405, extra=[(b"allow", b"GET")])
            return
        # Host is dropped: the client sets the upstream's own Host header.
        headers = end_to_end(scope["headers"], drop=[b"host"])
        try:
            await self._forwarder.forward(self._target_url(scope), headers, send)
        except UpstreamError as exc:
            await self._error(send, exc.status)

    def _target_url(self, scope: Scope) -> str:
        """Upstream URL with the request's path and query, byte for byte."""
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        return f"{self._upstream}{path}?{query}" if query else f"{self._upstream}{path}"

    @staticmethod
    async def _error(send: Send, status: int, extra: Headers | None = None) -> None:
        body = f"proxy error {status}\n".encode()
        headers = [
            (b"content-type", b"text/plain"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": headers + (extra or []),
            }
        )
        await send({"type": "http.response.body", "body": body})


def serve_proxy(variant: str, upstream: str, port: int) -> None:
    """Run one proxy variant under uvicorn."""
    require_loopback(upstream)
    run_uvicorn(ReverseProxy(upstream, make_forwarder(variant)), port, pass_through_headers=True)


# --------------------------------------------------------------------------
# Driver: processes
# --------------------------------------------------------------------------


def require_loopback(url: str) -> None:
    """Refuse any target that is not this machine: the benchmark must stay local."""
    host = urllib.parse.urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing non-loopback target {url!r}")


def free_port() -> int:
    """Ask the kernel for an unused loopback port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def spawn(args: Sequence[str]) -> subprocess.Popen[bytes]:
    """Start one server subprocess of this very script (stderr shows its warnings)."""
    command = [sys.executable, str(Path(__file__).resolve()), *args]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate gracefully (lifespan shutdown closes the pool), then kill."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


# No environment proxy may divert the readiness checks away from loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url``: status, content-type and body."""
    with _OPENER.open(url, timeout=5) as response:
        return (
            response.status,
            response.headers.get("content-type", ""),
            response.read(),
        )


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 30.0) -> None:
    """Poll until the server answers 200, failing fast if it died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with code {proc.returncode}")
        try:
            if fetch(url)[0] == 200:
                return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server for {url} not ready after {timeout_s:.0f} s")


def check_same_response(direct_url: str, proxied_url: str) -> None:
    """Make sure the proxy really forwards before trusting its numbers."""
    direct, proxied = fetch(direct_url), fetch(proxied_url)
    if direct != proxied:
        raise RuntimeError(f"proxy answer differs from upstream: {proxied!r} != {direct!r}")


def raise_system_exit(signum: int, _frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit so ``finally`` blocks stop the subprocesses."""
    raise SystemExit(128 + signum)


# --------------------------------------------------------------------------
# Driver: wrk
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSettings:
    """wrk parameters, the same for every target."""

    threads: int
    connections: int
    warmup_s: int
    duration_s: int


@dataclass(frozen=True)
class WrkResult:
    """What one measured wrk run reports."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int


def require_wrk() -> str:
    """Locate wrk or stop with the install command."""
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(
            "error: 'wrk' (HTTP load generator) is not installed.\n"
            "Install it with:  apt-get install -y wrk   (Debian/Ubuntu; brew install wrk on macOS)"
        )
    return path


def run_wrk(
    wrk: str,
    url: str,
    settings: LoadSettings,
    duration_s: int,
    headers: Sequence[str] = (),
    script: Path | None = None,
) -> str:
    """One bounded wrk run (``script``: a Lua file shaping the requests); the subprocess timeout
    guards against a hang."""
    require_loopback(url)
    command = [
        wrk,
        f"-t{settings.threads}",
        f"-c{settings.connections}",
        f"-d{duration_s}s",
        "--timeout",
        "5s",
        "--latency",
        *(arg for header in headers for arg in ("-H", header)),
        *(["-s", str(script)] if script is not None else []),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration_s + 30, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_percentile(output: str, percentile: str) -> float:
    """Latency at ``percentile`` (e.g. ``"50"``) from ``--latency`` output, in ms."""
    match = re.search(rf"^\s*{percentile}(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"no {percentile}% latency in wrk output:\n{output}")
    return float(match.group(1)) * _UNIT_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """Extract throughput, p50/p99 and error counts from wrk's text output."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    if rps is None:
        raise RuntimeError(f"no Requests/sec in wrk output:\n{output}")
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        requests_per_s=float(rps.group(1)),
        p50_ms=parse_percentile(output, "50"),
        p99_ms=parse_percentile(output, "99"),
        errors=errors,
    )


def measure(wrk: str, url: str, settings: LoadSettings) -> WrkResult:
    """Warm up first (fills the connection pools and caches), then measure."""
    if settings.warmup_s > 0:
        run_wrk(wrk, url, settings, settings.warmup_s)
    return parse_wrk(run_wrk(wrk, url, settings, settings.duration_s))


# --------------------------------------------------------------------------
# Driver: the benchmark
# --------------------------------------------------------------------------


def round_order(targets: Sequence[str], round_index: int) -> list[str]:
    """Rotate the order each round so no target always runs first or last."""
    shift = round_index % len(targets)
    return [*targets[shift:], *targets[:shift]]


def measure_proxy(wrk: str, variant: str, upstream_url: str, settings: LoadSettings) -> WrkResult:
    """Start one proxy variant, verify it, measure it, and always stop it."""
    port = free_port()
    proxy = spawn(["--serve-proxy", variant, "--upstream", upstream_url, "--port", str(port)])
    try:
        proxied_url = f"http://{HOST}:{port}{PING_PATH}"
        wait_ready(proxied_url, proxy)
        check_same_response(f"{upstream_url}{PING_PATH}", proxied_url)
        return measure(wrk, proxied_url, settings)
    finally:
        stop(proxy)


def run_rounds(
    wrk: str, upstream_url: str, settings: LoadSettings, rounds: int, variants: Sequence[str]
) -> dict[str, list[WrkResult]]:
    """Measure the upstream and each proxy ``rounds`` times, interleaved."""
    targets = ["upstream", *variants]
    results: dict[str, list[WrkResult]] = {target: [] for target in targets}
    for index in range(rounds):
        for target in round_order(targets, index):
            print(
                f"[round {index + 1}/{rounds}] {target} ...",
                file=sys.stderr,
                flush=True,
            )
            if target == "upstream":
                result = measure(wrk, f"{upstream_url}{PING_PATH}", settings)
            else:
                result = measure_proxy(wrk, target, upstream_url, settings)
            print(
                f"    {result.requests_per_s:,.0f} req/s, p50 {result.p50_ms:.2f} ms, "
                f"p99 {result.p99_ms:.2f} ms, {result.errors} errors",
                file=sys.stderr,
                flush=True,
            )
            results[target].append(result)
    return results


def require_modules(variants: Sequence[str]) -> None:
    """Fail before starting anything if a server would die on a missing import."""
    needed = {module for target in ("upstream", *variants) for module in REQUIRED_MODULES[target]}
    missing = sorted(m for m in needed if importlib.util.find_spec(m) is None)
    if missing:
        pip_names = " ".join(m.replace("_", "-") for m in missing)
        raise SystemExit(
            f"error: missing Python package(s): {', '.join(missing)}.\n"
            f"Install them with:  python -m pip install {pip_names}\n"
            "(or measure fewer proxy variants with --variants)"
        )


def benchmark(settings: LoadSettings, rounds: int, variants: Sequence[str]) -> dict[str, list[WrkResult]]:
    """Run everything with the upstream up; all subprocesses end with this call."""
    require_modules(variants)
    wrk = require_wrk()
    signal.signal(signal.SIGTERM, raise_system_exit)
    port = free_port()
    upstream = spawn(["--serve-upstream", "--port", str(port)])
    try:
        upstream_url = f"http://{HOST}:{port}"
        wait_ready(f"{upstream_url}{PING_PATH}", upstream)
        return run_rounds(wrk, upstream_url, settings, rounds, variants)
    finally:
        stop(upstream)


# --------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------


def label(target: str) -> str:
    """Human name of a target for the table."""
    return UPSTREAM_LABEL if target == "upstream" else VARIANTS[target]


def table(results: dict[str, list[WrkResult]]) -> str:
    """Markdown table of medians across rounds, with the req/s spread."""
    lines = [
        "| target | req/s (median) | req/s (min-max) | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for target, runs in results.items():
        rps = [r.requests_per_s for r in runs]
        lines.append(
            f"| {label(target)} | {statistics.median(rps):,.0f} | {min(rps):,.0f}-{max(rps):,.0f} "
            f"| {statistics.median(r.p50_ms for r in runs):.2f} "
            f"| {statistics.median(r.p99_ms for r in runs):.2f} "
            f"| {sum(r.errors for r in runs)} |"
        )
    return "\n".join(lines)


def version(package: str) -> str:
    """Installed version of ``package``, or ``absent``."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (Linux), else the platform's guess."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total() -> str:
    """Total memory as ``free -h`` shows it."""
    try:
        out = subprocess.run(["free", "-h"], capture_output=True, text=True, timeout=5, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    for line in out.splitlines():
        if line.startswith("Mem:"):
            return line.split()[1]
    return "unknown"


def environment_lines(settings: LoadSettings, rounds: int) -> list[str]:
    """Everything needed to judge or reproduce the numbers."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    # httpcore 1.0.x tries `import sniffio` on every pool lock and anyio 4.16 no
    # longer installs it; recorded so a reader can tell which case was measured.
    names = ("fastapi", "uvicorn", "httpx", "httpcore", "sniffio", "httpx-aiohttp", "aiohttp")
    packages = ", ".join(f"{name} {version(name)}" for name in names)
    machine = (
        f"{os.cpu_count()} CPUs ({cpu_model()}), {memory_total()} RAM, {platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    load = (
        f"wrk {settings.threads} threads, {settings.connections} connections, "
        f"{settings.warmup_s} s warm-up + {settings.duration_s} s measured per target, "
        f"{rounds} interleaved round(s); medians across rounds"
    )
    shared_cpus = (
        "wrk, the upstream (1 uvicorn worker) and the proxy (1 uvicorn worker) share all CPUs, "
        "so absolute numbers are pessimistic; compare rows, not machines."
    )
    return [
        f"- Date (UTC): {datetime.datetime.now(datetime.UTC).date().isoformat()}",
        f"- Machine: {machine}",
        f"- Packages: {packages}; uvicorn event loop {loop}, HTTP parser {http}",
        f"- Load: {load}",
        f"- Note: {shared_cpus}",
    ]


def report(results: dict[str, list[WrkResult]], settings: LoadSettings, rounds: int, command: str) -> str:
    """The generated Markdown block: how it was made, environment, then the table."""
    intro = f"Generated by `{command}`."
    return "\n".join([intro, "", *environment_lines(settings, rounds), "", table(results)])


def write_docs(
    path: Path,
    block: str,
    start_marker: str = DOCS_START,
    end_marker: str = DOCS_END,
    heading: str = DOCS_HEADING,
) -> None:
    """Replace only one benchmark's marked block, creating file/section if needed."""
    generated = f"{start_marker}\n{block}\n{end_marker}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    start, end = text.find(start_marker), text.find(end_marker)
    if start == -1 and end == -1:
        text = f"{text.rstrip()}\n\n{heading}\n\n{generated}\n"
    elif start != -1 and end > start:
        text = text[:start] + generated + text[end + len(end_marker) :]
    else:
        raise SystemExit(f"{path}: markers {start_marker} / {end_marker} are broken; fix them by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Driver options plus the hidden-in-plain-sight server entry points."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    servers = parser.add_argument_group("server entry points (used by the driver itself)")
    servers.add_argument("--serve-upstream", action="store_true", help="run the FastAPI upstream")
    servers.add_argument("--serve-proxy", choices=sorted(VARIANTS), help="run one proxy variant")
    servers.add_argument(
        "--upstream",
        help="upstream base URL for --serve-proxy, e.g. http://127.0.0.1:8001",
    )
    servers.add_argument("--port", type=int, help="port to listen on (127.0.0.1)")
    load = parser.add_argument_group("load")
    load.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    load.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    load.add_argument("--warmup", type=int, default=2, help="warm-up seconds per target (default 2)")
    load.add_argument(
        "--duration",
        type=int,
        default=10,
        help="measured seconds per target (default 10)",
    )
    load.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="interleaved rounds, medians reported (default 3)",
    )
    load.add_argument(
        "--variants",
        nargs="+",
        choices=list(VARIANTS),
        default=list(VARIANTS),
        help="proxy variants to measure (default: all)",
    )
    parser.add_argument(
        "--write-docs",
        nargs="?",
        const=DEFAULT_DOCS,
        type=Path,
        metavar="PATH",
        help=f"also write the result into PATH between the proxy-clients markers (default {DEFAULT_DOCS})",
    )
    args = parser.parse_args(argv)
    if (args.serve_upstream or args.serve_proxy) and args.port is None:
        parser.error("--port is required with --serve-upstream/--serve-proxy")
    if args.serve_proxy and not args.upstream:
        parser.error("--upstream is required with --serve-proxy")
    if not 1 <= args.duration <= 120 or not 0 <= args.warmup <= 60 or not 1 <= args.rounds <= 10:
        parser.error("keep it bounded: 1<=duration<=120, 0<=warmup<=60, 1<=rounds<=10")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to a server entry point or run the benchmark driver."""
    args = parse_args(argv)
    if args.serve_upstream:
        serve_upstream(args.port)
        return 0
    if args.serve_proxy:
        serve_proxy(args.serve_proxy, args.upstream, args.port)
        return 0
    settings = LoadSettings(args.threads, args.connections, args.warmup, args.duration)
    try:
        results = benchmark(settings, args.rounds, args.variants)
    except KeyboardInterrupt:
        print("\ninterrupted; all servers were stopped", file=sys.stderr)
        return 130
    command = shlex.join(["python", "bench/proxy_clients.py", *(sys.argv[1:] if argv is None else argv)])
    block = report(results, settings, args.rounds, command)
    print(block)
    if args.write_docs is not None:
        write_docs(args.write_docs, block)
        print(f"\nwrote {args.write_docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
