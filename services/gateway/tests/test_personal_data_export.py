"""A person's data export across the platform (`GET /auth/me/export`): one ZIP archive with a README in
their language, what the gateway holds, and each service's export fetched with their own token. The
jobs upstream here is an echo that shows what it received; the diaspora upstream is down."""

from __future__ import annotations

import io
import json
import zipfile

import httpx
from gateway_helpers import Tokens, login, register

EXPORT = "/api/v1/auth/me/export"


def archive(response: httpx.Response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == 'attachment; filename="imis-my-data.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as files:
        return {name: files.read(name).decode() for name in files.namelist()}


class TestExport:
    async def test_holds_the_account_its_sessions_its_log_and_each_services_record(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        files = archive(await client.get(EXPORT, headers=seeker.headers))
        assert sorted(files) == ["README.txt", "gateway.json", "jobs.json"]
        gateway = json.loads(files["gateway.json"])
        assert gateway["account"]["email"] == "seeker@example.org"
        assert gateway["account"]["roles"] == ["job_seeker"]
        assert len(gateway["sessions"]) == 1 and gateway["sessions"][0]["revoked_at"] is None
        assert "token_hash" not in files["gateway.json"] and seeker.refresh not in files["gateway.json"]
        events = [event["event"] for event in gateway["security_log"]]
        assert "account.registered" in events and "login.succeeded" in events
        jobs = json.loads(files["jobs.json"])
        assert jobs["authorization"] == f"Bearer {seeker.access}"  # asked with the person's own token
        assert files["README.txt"].startswith("Your data in IMIS")
        assert "jobs.json" in files["README.txt"] and "diaspora.json" not in files["README.txt"]

    async def test_the_readme_is_in_the_persons_language(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        changed = await client.patch(
            EXPORT.removesuffix("/export"), json={"preferred_language": "ar"}, headers=seeker.headers
        )
        assert changed.status_code == 200, changed.text
        readme = archive(await client.get(EXPORT, headers=seeker.headers))["README.txt"]
        assert readme.startswith("بياناتك في نظام IMIS") and "jobs.json" in readme

    async def test_an_account_no_service_holds_gets_the_gateway_part_only(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        files = archive(await client.get(EXPORT, headers=admin.headers))
        assert sorted(files) == ["README.txt", "gateway.json"]
        assert "No other service holds a record about you." in files["README.txt"]

    async def test_a_service_that_cannot_answer_fails_the_export_with_retry_after(
        self, client: httpx.AsyncClient
    ) -> None:
        await register(client, "member@example.org", ["diaspora_member"])
        member = await login(client, "member@example.org")
        response = await client.get(EXPORT, headers=member.headers)
        assert response.status_code == 503 and response.headers["retry-after"] == "30"
        assert response.headers["content-type"] == "application/problem+json"
        assert "diaspora" in response.json()["detail"]

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get(EXPORT)
        assert response.status_code == 401 and response.headers["content-type"] == "application/problem+json"


CONSENTS = "/api/v1/auth/me/consents"


class TestConsentsView:
    async def test_the_latest_answer_of_each_consent_across_every_page_of_history(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        response = await client.get(CONSENTS, headers=seeker.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["services"] == ["jobs"]
        assert [(c["service"], c["purpose"], c["granted"], c["text_version"]) for c in body["consents"]] == [
            ("jobs", "discoverable", False, "v149"),
            ("jobs", "partner_sharing", True, "v148"),
        ]
        assert body["consents"][1]["programme_id"] == "6f1c0a4e-2f57-4c39-9b0e-3c7c8c1d2a10"

    async def test_an_account_no_service_holds_has_none(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        response = await client.get(CONSENTS, headers=admin.headers)
        assert response.status_code == 200 and response.json() == {"consents": [], "services": []}

    async def test_a_service_that_cannot_answer_is_a_503(self, client: httpx.AsyncClient) -> None:
        await register(client, "member@example.org", ["diaspora_member"])
        member = await login(client, "member@example.org")
        response = await client.get(CONSENTS, headers=member.headers)
        assert response.status_code == 503 and response.headers["retry-after"] == "30"

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(CONSENTS)).status_code == 401
