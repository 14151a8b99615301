"""The sign-in of browser and mobile front-ends: authorization code with PKCE (RFC 6749 §4.1,
RFC 7636, RFC 8252), end to end through the gateway app and its database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import jwt
import pytest
from gateway_helpers import PASSWORD, Tokens, register
from signin_helpers import (
    AUTHORIZE_URL,
    PUBLIC_CLIENTS_URL,
    REDIRECT,
    TOKEN_URL,
    authorize_params,
    create_public_client,
    parse_page,
    pkce_pair,
    redeem,
    redirect_params,
    sign_in,
    submit,
)

from imis_gateway.clients import redirects
from imis_gateway.config import GatewaySettings
from imis_gateway.db import Base
from imis_gateway.main import create_app
from imis_gateway.tokens import pkce
from imis_gateway.tokens import service as tokens_service
from imis_shared.db import utcnow
from imis_testing import TEST_ISSUER, app_client, empty_tables

EMAIL = "amal@example.org"


@pytest.fixture
async def portal(client: httpx.AsyncClient, admin: Tokens) -> str:
    await register(client, EMAIL, ["job_seeker"])
    return await create_public_client(client, admin)


class TestPublicClients:
    async def test_admin_registers_lists_and_revokes_a_public_client(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        response = await client.post(
            PUBLIC_CLIENTS_URL,
            json={"name": "Mobile app", "redirect_uris": ["org.imis.app:/callback", "http://127.0.0.1/cb"]},
            headers=admin.headers,
        )
        assert response.status_code == 201
        created = response.json()
        assert created["redirect_uris"] == ["org.imis.app:/callback", "http://127.0.0.1/cb"]
        assert "client_secret" not in created and created["created_by"]
        listed = (await client.get(PUBLIC_CLIENTS_URL, headers=admin.headers)).json()
        assert [item["client_id"] for item in listed["items"]] == [created["client_id"]]
        revoked = await client.delete(f"{PUBLIC_CLIENTS_URL}/{created['id']}", headers=admin.headers)
        assert revoked.status_code == 200 and revoked.json()["revoked_at"]
        again = await client.delete(f"{PUBLIC_CLIENTS_URL}/{created['id']}", headers=admin.headers)
        assert again.status_code == 409
        events = (
            await client.get(
                "/api/v1/admin/audit-events",
                params={"subject_id": created["client_id"]},
                headers=admin.headers,
            )
        ).json()["items"]
        assert {event["event"] for event in events} == {"public_client.created", "public_client.revoked"}

    async def test_only_admins_may_register(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        body = {"name": "Portal", "redirect_uris": [REDIRECT]}
        assert (await client.post(PUBLIC_CLIENTS_URL, json=body)).status_code == 401
        assert (await client.post(PUBLIC_CLIENTS_URL, json=body, headers=seeker.headers)).status_code == 403
        assert (await client.get(PUBLIC_CLIENTS_URL, headers=seeker.headers)).status_code == 403

    @pytest.mark.parametrize(
        "uri",
        [
            "http://portal.example.org/cb",  # http off loopback
            "https://portal.example.org/cb#top",  # fragment
            "myapp:/callback",  # a private-use scheme that is no reverse domain name
            "https://*.example.org/cb",
            "/relative/callback",
        ],
    )
    async def test_unsafe_redirect_uris_are_refused(
        self, client: httpx.AsyncClient, admin: Tokens, uri: str
    ) -> None:
        response = await client.post(
            PUBLIC_CLIENTS_URL,
            json={"name": "Portal", "redirect_uris": [REDIRECT, uri]},
            headers=admin.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "redirect_uris.1"


class TestAuthorizePage:
    async def test_renders_a_plain_accessible_form_without_script(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        response = await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-store"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        page = parse_page(response.text)
        assert not page.has_script
        (form,) = page.forms
        assert form["_method"] == "post" and form["_action"] == AUTHORIZE_URL
        assert form["csrf_token"] and form["code_challenge"] == challenge and form["client_id"] == portal
        assert page.labels == {"username": "Email", "password": "Password"}
        assert page.inputs["username"]["type"] == "email" and page.inputs["password"]["type"] == "password"
        assert page.html_attributes == {"lang": "en", "dir": "ltr"}
        assert "Portal" in page.html

    @pytest.mark.parametrize(
        ("language", "direction", "label"),
        [
            ("ar", "rtl", "البريد الإلكتروني"),
            ("en", "ltr", "Email"),
            ("fr", "ltr", "Adresse e-mail"),
            ("it", "ltr", "Indirizzo email"),
        ],
    )
    async def test_renders_in_each_language_chosen_by_ui_locales(
        self, client: httpx.AsyncClient, portal: str, language: str, direction: str, label: str
    ) -> None:
        _, challenge = pkce_pair()
        response = await client.get(
            AUTHORIZE_URL, params=authorize_params(portal, challenge, ui_locales=language)
        )
        page = parse_page(response.text)
        assert page.html_attributes == {"lang": language, "dir": direction}
        assert page.labels["username"] == label
        assert page.forms[0]["ui_locales"] == language
        current = [link for link in page.links if "aria-current" in link]
        assert [link["hreflang"] for link in current] == [language]

    async def test_what_the_client_sends_is_escaped(self, client: httpx.AsyncClient, portal: str) -> None:
        _, challenge = pkce_pair()
        state = '"><script>alert(1)</script>'
        response = await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge, state=state))
        page = parse_page(response.text)
        assert not page.has_script and page.forms[0]["state"] == state

    async def test_accept_language_picks_the_language_without_ui_locales(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        response = await client.get(
            AUTHORIZE_URL,
            params=authorize_params(portal, challenge),
            headers={"Accept-Language": "de;q=1, it-IT;q=0.8, en;q=0.5"},
        )
        assert parse_page(response.text).html_attributes["lang"] == "it"

    async def test_language_switcher_is_plain_links_to_the_same_request(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge)
        page = parse_page((await client.get(AUTHORIZE_URL, params=params)).text)
        links = {link["hreflang"]: link["href"] for link in page.links}
        assert sorted(links) == ["ar", "en", "fr", "it"]
        arabic = await client.get(links["ar"])
        assert parse_page(arabic.text).html_attributes == {"lang": "ar", "dir": "rtl"}
        assert parse_page(arabic.text).forms[0]["state"] == params["state"]

    async def test_unknown_client_is_an_error_page_never_a_redirect(self, client: httpx.AsyncClient) -> None:
        _, challenge = pkce_pair()
        response = await client.get(AUTHORIZE_URL, params=authorize_params("imis-nobody", challenge))
        assert response.status_code == 400 and "location" not in response.headers
        assert "not registered" in response.text and not parse_page(response.text).forms

    async def test_unregistered_redirect_uri_is_an_error_page_never_a_redirect(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        for uri in ("https://evil.example.org/signed-in", REDIRECT + "/more", REDIRECT + "?x=1", None):
            response = await client.get(
                AUTHORIZE_URL, params=authorize_params(portal, challenge, redirect_uri=uri)
            )
            assert response.status_code == 400 and "location" not in response.headers, uri

    async def test_a_revoked_client_can_start_no_sign_in(
        self, client: httpx.AsyncClient, admin: Tokens, portal: str
    ) -> None:
        listed = (await client.get(PUBLIC_CLIENTS_URL, headers=admin.headers)).json()["items"]
        await client.delete(f"{PUBLIC_CLIENTS_URL}/{listed[0]['id']}", headers=admin.headers)
        _, challenge = pkce_pair()
        response = await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))
        assert response.status_code == 400 and "location" not in response.headers

    @pytest.mark.parametrize(
        ("overrides", "error"),
        [
            ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
            ({"code_challenge_method": None}, "invalid_request"),
            ({"code_challenge_method": "plain"}, "invalid_request"),
            ({"code_challenge": "too-short"}, "invalid_request"),
            ({"response_type": "token"}, "unsupported_response_type"),
            ({"response_type": None}, "invalid_request"),
            ({"scope": "jobs:read"}, "invalid_scope"),
        ],
    )
    async def test_bad_requests_go_back_to_the_client_with_error_and_state(
        self, client: httpx.AsyncClient, portal: str, overrides: dict[str, str | None], error: str
    ) -> None:
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge, **overrides)
        target, query = redirect_params(await client.get(AUTHORIZE_URL, params=params))
        assert target == REDIRECT
        assert query["error"] == error and query["state"] == params["state"] and query["iss"] == TEST_ISSUER
        assert "code" not in query

    async def test_a_native_app_on_loopback_may_use_any_port(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        await register(client, EMAIL)
        app = await create_public_client(
            client, admin, ["http://127.0.0.1/oauth", "http://[::1]/oauth", "org.imis.app:/oauth"]
        )
        verifier, challenge = pkce_pair()
        for uri in ("http://127.0.0.1:51234/oauth", "http://[::1]:8123/oauth", "org.imis.app:/oauth"):
            params, query = await sign_in(client, app, challenge, EMAIL, PASSWORD, redirect_uri=uri)
            assert query["state"] == params["state"]
            response = await redeem(client, query["code"], verifier, app, redirect_uri=uri)
            assert response.status_code == 200, response.text
        for uri in ("http://127.0.0.1:51234/other", "http://localhost:51234/oauth", "org.imis.app:/other"):
            response = await client.get(
                AUTHORIZE_URL, params=authorize_params(app, challenge, redirect_uri=uri)
            )
            assert response.status_code == 400 and "location" not in response.headers, uri


class TestSubmitSignInForm:
    async def test_success_redirects_303_with_a_code_and_the_state(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge, state="s t&a=te/ü")
        page = parse_page((await client.get(AUTHORIZE_URL, params=params)).text)
        response = await submit(client, page, "AMAL@example.org", PASSWORD)
        target, query = redirect_params(response)
        assert target == REDIRECT and query["state"] == "s t&a=te/ü" and query["iss"] == TEST_ISSUER
        assert len(query["code"]) >= 40

    async def test_the_redirect_uris_own_query_is_kept(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        await register(client, EMAIL)
        portal = await create_public_client(client, admin, [REDIRECT + "?from=imis"])
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge, redirect_uri=REDIRECT + "?from=imis")
        page = parse_page((await client.get(AUTHORIZE_URL, params=params)).text)
        _, query = redirect_params(await submit(client, page, EMAIL, PASSWORD))
        assert query["from"] == "imis" and query["code"]

    async def test_missing_csrf_token_is_refused_without_a_code(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        page = parse_page((await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))).text)
        response = await submit(client, page, EMAIL, PASSWORD, csrf_token=None)
        assert response.status_code == 400 and "location" not in response.headers
        assert "expired" in response.text

    async def test_a_form_posted_from_elsewhere_has_no_matching_cookie(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        page = parse_page((await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))).text)
        client.cookies.clear()  # the attacker's page: the victim's cookie is not sent along
        response = await submit(client, page, EMAIL, PASSWORD)
        assert response.status_code == 400 and "location" not in response.headers
        retry = parse_page(response.text)
        assert retry.forms[0]["csrf_token"] != page.forms[0]["csrf_token"]
        _, query = redirect_params(await submit(client, retry, EMAIL, PASSWORD))  # a new form works
        assert query["code"]

    async def test_wrong_password_shows_the_form_again_and_is_audited(
        self, client: httpx.AsyncClient, portal: str, admin: Tokens
    ) -> None:
        _, challenge = pkce_pair()
        params = authorize_params(portal, challenge, ui_locales="fr")
        page = parse_page((await client.get(AUTHORIZE_URL, params=params)).text)
        response = await submit(client, page, EMAIL, "wrong-password-1")
        assert response.status_code == 400 and "location" not in response.headers
        again = parse_page(response.text)
        assert "mot de passe est incorrect" in again.html
        assert (
            again.inputs["username"]["value"] == EMAIL and again.inputs["username"]["aria-invalid"] == "true"
        )
        failed = (
            await client.get(
                "/api/v1/admin/audit-events", params={"event": "login.failed"}, headers=admin.headers
            )
        ).json()["items"]
        assert [event["details"].get("client_id") for event in failed] == [portal]

    async def test_the_password_grants_account_lockout_applies(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        page = parse_page((await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))).text)
        statuses = []
        for _ in range(5):
            statuses.append((await submit(client, page, EMAIL, "wrong-password-1")).status_code)
        locked = await submit(client, page, EMAIL, PASSWORD)
        assert statuses == [400] * 5 and locked.status_code == 429
        assert int(locked.headers["retry-after"]) > 0 and "location" not in locked.headers
        grant = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": EMAIL, "password": PASSWORD}
        )
        assert grant.status_code == 429  # one lockout for both ways in

    async def test_tampered_hidden_redirect_uri_is_an_error_page(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        _, challenge = pkce_pair()
        page = parse_page((await client.get(AUTHORIZE_URL, params=authorize_params(portal, challenge))).text)
        response = await submit(client, page, EMAIL, PASSWORD, redirect_uri="https://evil.example.org/")
        assert response.status_code == 400 and "location" not in response.headers

    async def test_json_is_refused_with_415(self, client: httpx.AsyncClient, portal: str) -> None:
        assert (await client.post(AUTHORIZE_URL, json={"client_id": portal})).status_code == 415


class TestAuthorizationCodeGrant:
    async def test_the_code_and_verifier_give_tokens_like_the_password_grant(
        self, client: httpx.AsyncClient, portal: str
    ) -> None:
        verifier, challenge = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        response = await redeem(client, query["code"], verifier, portal)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["token_type"] == "Bearer" and body["refresh_token"] and "scope" not in body
        claims = jwt.decode(body["access_token"], options={"verify_signature": False})
        me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.status_code == 200 and me.json()["email"] == EMAIL and claims["roles"] == ["job_seeker"]
        rotated = await client.post(
            TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": body["refresh_token"]}
        )
        assert rotated.status_code == 200 and rotated.json()["refresh_token"] != body["refresh_token"]

    async def test_wrong_verifier_is_invalid_grant(self, client: httpx.AsyncClient, portal: str) -> None:
        _, challenge = pkce_pair()
        other_verifier, _ = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        response = await redeem(client, query["code"], other_verifier, portal)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    async def test_a_reused_code_is_refused_and_revokes_what_it_gave(
        self, client: httpx.AsyncClient, portal: str, admin: Tokens
    ) -> None:
        verifier, challenge = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        first = (await redeem(client, query["code"], verifier, portal)).json()
        second = await redeem(client, query["code"], verifier, portal)
        assert second.status_code == 400 and second.json()["error"] == "invalid_grant"
        refreshed = await client.post(
            TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
        )
        assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
        me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {first['access_token']}"})
        assert me.status_code == 401
        events = (
            await client.get(
                "/api/v1/admin/audit-events",
                params={"event": "authorization_code.reused"},
                headers=admin.headers,
            )
        ).json()
        assert events["total"] == 1

    async def test_a_code_is_only_for_its_client(
        self, client: httpx.AsyncClient, admin: Tokens, portal: str
    ) -> None:
        other = await create_public_client(client, admin, name="Other portal")
        verifier, challenge = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        response = await redeem(client, query["code"], verifier, other)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
        unknown = await redeem(client, query["code"], verifier, "imis-nobody")
        assert unknown.status_code == 401 and unknown.json()["error"] == "invalid_client"

    async def test_a_code_is_only_for_its_redirect_uri(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        await register(client, EMAIL)
        portal = await create_public_client(client, admin, [REDIRECT, REDIRECT + "-2"])
        verifier, challenge = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        response = await redeem(client, query["code"], verifier, portal, redirect_uri=REDIRECT + "-2")
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    async def test_an_expired_code_is_invalid_grant(
        self, client: httpx.AsyncClient, portal: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        verifier, challenge = pkce_pair()
        _, query = await sign_in(client, portal, challenge, EMAIL, PASSWORD)
        later = utcnow() + timedelta(seconds=61)
        monkeypatch.setattr(tokens_service, "utcnow", lambda: later)
        response = await redeem(client, query["code"], verifier, portal)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    async def test_a_made_up_code_is_invalid_grant(self, client: httpx.AsyncClient, portal: str) -> None:
        verifier, _ = pkce_pair()
        response = await redeem(client, "not-a-code", verifier, portal)
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


class TestWebClientFromConfiguration:
    @pytest.fixture
    async def configured(
        self, settings: GatewaySettings, database_url: str
    ) -> AsyncIterator[httpx.AsyncClient]:
        configured = settings.model_copy(
            update={
                "web_client_id": "imis-web",
                "web_client_redirect_uris": ["http://localhost:3000/callback"],
            }
        )
        try:
            async with app_client(create_app(configured)) as client:
                yield client
        finally:
            await empty_tables(database_url, Base.metadata)

    async def test_the_configured_web_client_can_sign_people_in(self, configured: httpx.AsyncClient) -> None:
        await register(configured, EMAIL)
        verifier, challenge = pkce_pair()
        params = authorize_params("imis-web", challenge, redirect_uri="http://localhost:3000/callback")
        page = parse_page((await configured.get(AUTHORIZE_URL, params=params)).text)
        target, query = redirect_params(await submit(configured, page, EMAIL, PASSWORD))
        assert target == "http://localhost:3000/callback"
        response = await redeem(
            configured, query["code"], verifier, "imis-web", "http://localhost:3000/callback"
        )
        assert response.status_code == 200


class TestRegisterPublicClientCommand:
    def _run(self, settings: GatewaySettings, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "IMIS_GATEWAY_DATABASE_URL": settings.database_url,
            "IMIS_GATEWAY_ENVIRONMENT": "test",
            "IMIS_GATEWAY_SIGNING_KEY_FILE": str(settings.signing_key_file),
        }
        return subprocess.run(
            [sys.executable, "-m", "imis_gateway", "register-public-client", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    async def test_registers_then_updates_the_web_client(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings, tmp_path: Path
    ) -> None:
        args = ["--client-id", "imis-web", "--name", "IMIS web portal"]
        first = self._run(settings, tmp_path, *args, "--redirect-uri", REDIRECT)
        assert first.returncode == 0 and "imis-web registered" in first.stdout, first.stderr
        same = self._run(settings, tmp_path, *args, "--redirect-uri", REDIRECT)
        assert "unchanged" in same.stdout
        bad = self._run(settings, tmp_path, *args, "--redirect-uri", "http://portal.example.org/cb")
        assert bad.returncode == 1 and "loopback" in bad.stderr
        listed = (await client.get(PUBLIC_CLIENTS_URL, headers=admin.headers)).json()["items"]
        assert [(item["client_id"], item["redirect_uris"]) for item in listed] == [("imis-web", [REDIRECT])]


class TestPureRules:
    def test_s256_matches_the_rfc_7636_example(self) -> None:
        verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        assert pkce.s256(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        assert pkce.verifier_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        assert not pkce.verifier_matches("short", pkce.s256("short"))  # under 43 characters

    @pytest.mark.parametrize(
        ("registered", "requested", "expected"),
        [
            ("http://127.0.0.1/cb", "http://127.0.0.1:4000/cb", True),
            ("http://127.0.0.1:5000/cb", "http://127.0.0.1/cb", True),
            ("http://[::1]/cb", "http://[::1]:4000/cb", True),
            ("http://127.0.0.1/cb", "http://127.0.0.1:4000/cb?x=1", False),
            ("http://127.0.0.1/cb", "https://127.0.0.1:4000/cb", False),
            ("http://localhost:3000/cb", "http://localhost:3001/cb", False),
            ("https://portal.example.org/cb", "https://portal.example.org:8443/cb", False),
            ("https://portal.example.org/cb", "https://PORTAL.example.org/cb", False),
            ("org.imis.app:/cb", "org.imis.app:/cb", True),
        ],
    )
    def test_redirect_uri_matching(self, registered: str, requested: str, expected: bool) -> None:
        assert redirects.matches(registered, requested) is expected
