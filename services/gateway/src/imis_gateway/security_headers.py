"""Headers every gateway answer carries, whatever produced it (a gateway route, a service behind the
proxy, an error handler).

- ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer`` on every answer: a browser
  never guesses a type we did not send, and never tells another site which IMIS address (with its ids
  or codes) a person came from.
- ``Cache-Control: no-store`` on an answer to a request that carried credentials, unless the answer
  sets its own ``Cache-Control``: such an answer is about the caller (their account, profile, export,
  or the people a staff member may see), and no browser or shared cache may keep it.
- On HTML, a ``Content-Security-Policy`` that blocks everything and forbids framing, unless the page
  sets its own (the API explorer does, allowing exactly its own assets), and ``X-Frame-Options: DENY``
  for browsers that predate ``frame-ancestors``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No form-action: a sign-in form redirects on to a client's registered address, which browsers check
# against form-action too; a page with a form sets its own policy.
DEFAULT_HTML_POLICY = "default-src 'none'; base-uri 'none'; frame-ancestors 'none'"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


@lru_cache(maxsize=4)
def page_policy(html: str) -> str:
    """The policy of a page that loads scripts, styles and images from the gateway itself and runs
    exactly the inline scripts it holds (by their SHA-256), nothing else."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        credentials = "authorization" in request or "cookie" in request

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                if credentials and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", DEFAULT_HTML_POLICY)
                    headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, send_with_headers)
