"""POST /api/v1/auth/token (RFC 6749) and logout: grants, rotation, revocation, limits."""

from __future__ import annotations

import base64

import httpx
import jwt
import pytest
from gateway_helpers import ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, Tokens, login, register

from imis_gateway.config import GatewaySettings
from imis_gateway.credentials import Passwords
from imis_gateway.main import create_app
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, HeldWork

TOKEN_URL = "/api/v1/auth/token"


async def refresh(client: httpx.AsyncClient, token: str | None) -> httpx.Response:
    return await client.post(TOKEN_URL, data={"grant_type": "refresh_token", "refresh_token": token or ""})


class TestPasswordGrant:
    async def test_issues_a_signed_access_token_and_a_refresh_token(self, client: httpx.AsyncClient) -> None:
        user = await register(client, "nour@example.org", ["job_seeker"])
        response = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": "NOUR@example.org", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] == 900 and body["refresh_token"]
        header = jwt.get_unverified_header(body["access_token"])
        assert header["alg"] == "EdDSA" and header["typ"] == "at+jwt"
        jwks = (await client.get("/.well-known/jwks.json")).json()
        assert [key["kid"] for key in jwks["keys"]] == [header["kid"]]
        key = jwt.PyJWK(jwks["keys"][0])
        claims = jwt.decode(
            body["access_token"], key, algorithms=["EdDSA"], audience=TEST_AUDIENCE, issuer=TEST_ISSUER
        )
        assert claims["sub"] == user["id"] and claims["roles"] == ["job_seeker"]
        assert claims["exp"] - int(claims["iat"]) == 900 and claims["jti"]  # iat to the millisecond

    async def test_wrong_password_is_invalid_grant(self, client: httpx.AsyncClient) -> None:
        await register(client, "nour@example.org")
        response = await client.post(
            TOKEN_URL,
            data={"grant_type": "password", "username": "nour@example.org", "password": "wrong-password-1"},
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_grant"

    async def test_unknown_user_is_the_same_invalid_grant(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": "ghost@example.org", "password": PASSWORD}
        )
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_grant"

    async def test_missing_parameters_are_invalid_request(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TOKEN_URL, data={"grant_type": "password", "username": "a@example.org"})
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_request"
        response = await client.post(TOKEN_URL, data={})
        assert response.json()["error"] == "invalid_request"

    async def test_unknown_grant_type_is_unsupported(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TOKEN_URL, data={"grant_type": "implicit", "code": "x"})
        assert response.status_code == 400
        assert response.json()["error"] == "unsupported_grant_type"

    async def test_a_grant_missing_its_fields_is_invalid_request_naming_them(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.post(TOKEN_URL, data={"grant_type": "authorization_code", "code": "x"})
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "invalid_request"
        assert "client_id" in body["error_description"] and "code_verifier" in body["error_description"]

    async def test_a_repeated_parameter_is_invalid_request(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            TOKEN_URL,
            content="grant_type=password&username=a%40example.org&password=x&password=y",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 400 and response.json()["error"] == "invalid_request"

    async def test_json_body_is_refused_with_415(self, client: httpx.AsyncClient) -> None:
        response = await client.post(TOKEN_URL, json={"grant_type": "password"})
        assert response.status_code == 415


class TestRefreshRotation:
    async def test_refresh_rotates_the_token(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await refresh(client, seeker.refresh)
        assert response.status_code == 200
        rotated = response.json()
        assert rotated["refresh_token"] != seeker.refresh
        me = await client.get(
            "/api/v1/auth/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}
        )
        assert me.status_code == 200

    async def test_reusing_a_rotated_token_revokes_the_family(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        successor = (await refresh(client, seeker.refresh)).json()["refresh_token"]
        reuse = await refresh(client, seeker.refresh)
        assert reuse.status_code == 400 and reuse.json()["error"] == "invalid_grant"
        # The legitimate-looking successor dies with the family.
        assert (await refresh(client, successor)).json()["error"] == "invalid_grant"

    async def test_other_sessions_survive_a_revoked_family(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        other = await login(client, "seeker@example.org")
        await refresh(client, seeker.refresh)
        await refresh(client, seeker.refresh)  # reuse: revokes the first family only
        assert (await refresh(client, other.refresh)).status_code == 200

    async def test_garbage_refresh_token_is_invalid_grant(self, client: httpx.AsyncClient) -> None:
        response = await refresh(client, "not-a-token")
        assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    async def test_logout_revokes_the_refresh_token(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.post("/api/v1/auth/logout", json={"refresh_token": seeker.refresh})
        assert response.status_code == 204
        assert (await refresh(client, seeker.refresh)).json()["error"] == "invalid_grant"


class TestDisabledUser:
    async def test_disabled_user_cannot_refresh_or_log_in(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens
    ) -> None:
        me = (await client.get("/api/v1/auth/me", headers=seeker.headers)).json()
        response = await client.put(
            f"/api/v1/admin/users/{me['id']}/status", json={"status": "disabled"}, headers=admin.headers
        )
        assert response.status_code == 200 and response.json()["status"] == "disabled"
        assert (await refresh(client, seeker.refresh)).json()["error"] == "invalid_grant"
        login_attempt = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": "seeker@example.org", "password": PASSWORD}
        )
        assert login_attempt.json()["error"] == "invalid_grant"

    async def test_reenabled_user_can_log_in_again(
        self, client: httpx.AsyncClient, admin: Tokens, seeker: Tokens
    ) -> None:
        user_id = (await client.get("/api/v1/auth/me", headers=seeker.headers)).json()["id"]
        for status in ("disabled", "active"):
            await client.put(
                f"/api/v1/admin/users/{user_id}/status", json={"status": status}, headers=admin.headers
            )
        assert (await login(client, "seeker@example.org")).access


async def client_token(
    client: httpx.AsyncClient, created: dict[str, str], secret: str | None = None, **form: str
) -> httpx.Response:
    """The client_credentials grant with the credentials in the form."""
    return await client.post(
        TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": secret or created["client_secret"],
            **form,
        },
    )


class TestClientCredentials:
    async def _create(self, client: httpx.AsyncClient, admin: Tokens, scopes: list[str]) -> dict[str, str]:
        response = await client.post(
            "/api/v1/admin/clients",
            json={"name": "Ministry HR system", "scopes": scopes},
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
        body: dict[str, str] = response.json()
        return body

    async def test_client_gets_a_scoped_token_with_basic_auth(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        created = await self._create(client, admin, ["jobs:read", "jobs:write"])
        basic = base64.b64encode(f"{created['client_id']}:{created['client_secret']}".encode()).decode()
        response = await client.post(
            TOKEN_URL,
            data={"grant_type": "client_credentials", "scope": "jobs:read"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert response.status_code == 200
        body = response.json()
        assert body["scope"] == "jobs:read" and "refresh_token" not in body
        claims = jwt.decode(body["access_token"], options={"verify_signature": False})
        assert claims["sub"] == created["client_id"] and claims["client_id"] == created["client_id"]
        assert "roles" not in claims

    async def test_client_credentials_in_the_form_get_all_granted_scopes(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        created = await self._create(client, admin, ["info:read", "jobs:read"])
        response = await client_token(client, created)
        assert response.json()["scope"] == "info:read jobs:read"

    async def test_scope_beyond_the_grant_is_invalid_scope(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        created = await self._create(client, admin, ["jobs:read"])
        response = await client_token(client, created, scope="jobs:write")
        assert response.status_code == 400 and response.json()["error"] == "invalid_scope"

    async def test_wrong_secret_is_invalid_client(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        created = await self._create(client, admin, ["jobs:read"])
        response = await client_token(client, created, secret="guess")
        assert response.status_code == 401 and response.json()["error"] == "invalid_client"
        assert "www-authenticate" in response.headers

    async def test_revoked_client_gets_no_token(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        created = await self._create(client, admin, ["jobs:read"])
        revoke = await client.delete(f"/api/v1/admin/clients/{created['id']}", headers=admin.headers)
        assert revoke.status_code == 200 and revoke.json()["revoked_at"]
        response = await client_token(client, created)
        assert response.status_code == 401

    async def test_secret_is_shown_once_and_never_listed(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        created = await self._create(client, admin, ["jobs:read"])
        listing = await client.get("/api/v1/admin/clients", headers=admin.headers)
        assert created["client_secret"] not in listing.text
        assert "client_secret" not in listing.json()["items"][0]

    async def test_unknown_scope_cannot_be_granted(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.post(
            "/api/v1/admin/clients", json={"name": "x", "scopes": ["everything"]}, headers=admin.headers
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "scopes"

    def test_the_document_offers_the_configured_catalogue(self, settings: GatewaySettings) -> None:
        catalogue = ["jobs:read", "statistics:read"]
        document = create_app(settings.model_copy(update={"allowed_client_scopes": catalogue})).openapi()
        schemas = document["components"]["schemas"]
        assert schemas["ClientScope"]["enum"] == catalogue
        scopes = schemas["ClientCreate"]["properties"]["scopes"]
        assert scopes["items"] == {"$ref": "#/components/schemas/ClientScope"}

    async def test_machine_client_has_no_profile(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        created = await self._create(client, admin, ["jobs:read"])
        token = (await client_token(client, created)).json()["access_token"]
        response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 403


class TestLoginRateLimit:
    async def test_account_is_locked_after_repeated_failures(self, client: httpx.AsyncClient) -> None:
        await register(client, "target@example.org")
        for _ in range(5):
            response = await client.post(
                TOKEN_URL,
                data={
                    "grant_type": "password",
                    "username": "target@example.org",
                    "password": "wrong-password-1",
                },
            )
            assert response.status_code == 400
        blocked = await client.post(
            TOKEN_URL, data={"grant_type": "password", "username": "target@example.org", "password": PASSWORD}
        )
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        assert blocked.headers["content-type"] == "application/problem+json"

    async def test_other_accounts_are_not_locked(self, client: httpx.AsyncClient) -> None:
        await register(client, "target@example.org")
        for _ in range(5):
            await client.post(
                TOKEN_URL,
                data={
                    "grant_type": "password",
                    "username": "target@example.org",
                    "password": "wrong-password-1",
                },
            )
        assert (await login(client, ADMIN_EMAIL, ADMIN_PASSWORD)).access

    async def test_an_address_is_limited_across_accounts(self, client: httpx.AsyncClient) -> None:
        statuses = []
        for index in range(31):
            response = await client.post(
                TOKEN_URL,
                data={
                    "grant_type": "password",
                    "username": f"u{index}@example.org",
                    "password": "wrong-password-1",
                },
            )
            statuses.append(response.status_code)
        assert statuses[:30] == [400] * 30 and statuses[30] == 429


class TestPublishedKeys:
    async def test_server_metadata_points_at_the_token_endpoint_and_keys(
        self, client: httpx.AsyncClient
    ) -> None:
        metadata = (await client.get("/.well-known/openid-configuration")).json()
        assert metadata["issuer"] == TEST_ISSUER
        assert metadata["token_endpoint"].endswith("/api/v1/auth/token")
        assert metadata["jwks_uri"].endswith("/.well-known/jwks.json")
        assert metadata["authorization_endpoint"] == f"{TEST_ISSUER}/api/v1/auth/authorize"
        assert sorted(metadata["grant_types_supported"]) == [
            "authorization_code",
            "client_credentials",
            "password",
            "refresh_token",
        ]
        assert metadata["response_types_supported"] == ["code"]
        assert metadata["code_challenge_methods_supported"] == ["S256"]
        assert metadata["token_endpoint_auth_methods_supported"] == [
            "client_secret_basic",
            "client_secret_post",
            "none",
        ]
        assert metadata["ui_locales_supported"] == ["ar", "en", "fr", "it"]
        # No ID tokens are issued, so none of OpenID Connect's ID-token fields are claimed.
        assert "id_token_signing_alg_values_supported" not in metadata
        assert "subject_types_supported" not in metadata

    async def test_jwks_publishes_only_public_material(self, client: httpx.AsyncClient) -> None:
        keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
        assert all("d" not in key for key in keys)
        assert keys[0]["kty"] == "OKP" and keys[0]["use"] == "sig"


class TestHashingDoesNotHoldTheGateway:
    async def test_requests_are_answered_while_a_password_is_checked(
        self, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A password check (about 100 ms of CPU at the default cost) runs beside the event loop:
        a request that arrives meanwhile is answered at once."""
        work = HeldWork()
        monkeypatch.setattr(Passwords, "_verify_now", work.hold(Passwords._verify_now))
        assert await work.answered_first(client, login(client, ADMIN_EMAIL, ADMIN_PASSWORD))
