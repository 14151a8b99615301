"""Headers on every gateway answer: no type sniffing, no referrer, no caching of what is about the
caller, and a content security policy on HTML."""

from __future__ import annotations

import base64
import hashlib
import re

import httpx
from gateway_helpers import Tokens

BASELINE = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


def baseline(response: httpx.Response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in BASELINE}


class TestEveryAnswer:
    async def test_gateway_routes_proxied_answers_and_errors_carry_the_baseline(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        answers = [
            await client.get("/health"),
            await client.get("/api/v1/auth/me", headers=seeker.headers),
            await client.get("/api/v1/jobs/echo/x"),
            await client.get("/api/v1/jobs/echo/x", headers={"Authorization": "Bearer forged"}),  # 401
            await client.post("/api/v1/auth/token", data={"grant_type": "password"}),  # 400
            await client.get("/api/v1/nowhere"),  # 404
        ]
        assert [response.status_code for response in answers] == [200, 200, 200, 401, 400, 404]
        for response in answers:
            assert baseline(response) == BASELINE, response.request.url


class TestNoStore:
    async def test_answers_to_a_signed_in_caller_are_not_stored(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        me = await client.get("/api/v1/auth/me", headers=seeker.headers)
        assert me.status_code == 200 and me.headers["cache-control"] == "no-store"
        proxied = await client.get("/api/v1/jobs/echo/profile", headers=seeker.headers)
        assert proxied.status_code == 200 and proxied.headers["cache-control"] == "no-store"

    async def test_anonymous_answers_and_answers_with_their_own_policy_keep_it(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        assert "cache-control" not in (await client.get("/api/v1/jobs/echo/public")).headers
        keys = await client.get("/.well-known/jwks.json", headers=seeker.headers)
        assert keys.headers["cache-control"] == "public, max-age=300"


class TestHtml:
    async def test_the_api_explorer_may_run_only_its_own_assets_and_start_up_script(
        self, client: httpx.AsyncClient
    ) -> None:
        page = await client.get("/docs")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in page.headers["content-security-policy"].split(";")
        )
        scripts = re.findall(r"<script>(.*?)</script>", page.text, re.DOTALL)
        assert scripts, "the explorer starts from an inline script"
        digests = {
            "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
            for script in scripts
        }
        assert set(policy["script-src"].split()) == {"'self'", *digests}
        assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy["script-src"]
        for src in re.findall(r'<script src="([^"]+)"', page.text):
            assert src.startswith("/docs/static/"), src  # 'self' covers it
        assert page.headers["x-frame-options"] == "DENY"
        assert baseline(page) == BASELINE
