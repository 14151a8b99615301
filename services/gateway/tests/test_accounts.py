"""The caller's own account (/me) and the admins' account administration."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt
from gateway_helpers import ADMIN_EMAIL, PASSWORD, Tokens, login, register

from imis_gateway.tokens.keys import SigningKey as GatewayKey
from imis_testing import SigningKey


class TestMe:
    async def test_reads_own_account(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.get("/api/v1/auth/me", headers=seeker.headers)
        assert response.status_code == 200
        assert response.json()["email"] == "seeker@example.org"
        assert response.json()["last_login_at"] is not None

    async def test_no_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/auth/me")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    async def test_token_from_another_key_is_401(self, client: httpx.AsyncClient) -> None:
        forged = SigningKey().token("x", roles=["admin"])
        response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401
        assert response.json()["type"] == "urn:imis:problem:invalid-token"

    async def test_expired_token_is_401(
        self, client: httpx.AsyncClient, seeker: Tokens, signing_key_file: Path
    ) -> None:
        key = GatewayKey.from_pem(signing_key_file.read_bytes())  # noqa: ASYNC240 (a small test file)
        claims = jwt.decode(seeker.access, options={"verify_signature": False})
        expired = key.sign({**claims, "iat": claims["iat"] - 3600, "exp": claims["iat"] - 1800}, "at+jwt")
        response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {expired}"})
        assert response.status_code == 401 and response.json()["detail"] == "The token has expired."

    async def test_updates_name_and_language(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.patch(
            "/api/v1/auth/me",
            json={"full_name": "Seeker Renamed", "preferred_language": "ar"},
            headers=seeker.headers,
        )
        assert response.status_code == 200
        assert (
            response.json()["full_name"] == "Seeker Renamed" and response.json()["preferred_language"] == "ar"
        )

    async def test_cannot_change_own_roles(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.patch("/api/v1/auth/me", json={"roles": ["admin"]}, headers=seeker.headers)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "roles"


class TestChangePassword:
    async def test_changes_password_and_signs_out_other_sessions(
        self, client: httpx.AsyncClient, seeker: Tokens
    ) -> None:
        response = await client.post(
            "/api/v1/auth/me/password",
            json={"current_password": PASSWORD, "new_password": "another-long-passphrase-7"},
            headers=seeker.headers,
        )
        assert response.status_code == 204
        old_refresh = await client.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": seeker.refresh}
        )
        assert old_refresh.json()["error"] == "invalid_grant"
        assert (await login(client, "seeker@example.org", "another-long-passphrase-7")).access

    async def test_wrong_current_password_is_refused(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/me/password",
            json={"current_password": "not-my-password", "new_password": "another-long-passphrase-7"},
            headers=seeker.headers,
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "current_password"
        assert (await login(client, "seeker@example.org")).access  # unchanged

    async def test_new_password_follows_the_policy(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        response = await client.post(
            "/api/v1/auth/me/password",
            json={"current_password": PASSWORD, "new_password": "password123"},
            headers=seeker.headers,
        )
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "new_password"


class TestAdminAccess:
    """Every admin route refuses anonymous callers (401) and non-admins (403)."""

    ROUTES = [
        ("GET", "/api/v1/admin/users"),
        ("GET", "/api/v1/admin/users/00000000-0000-0000-0000-000000000000"),
        ("POST", "/api/v1/admin/users/00000000-0000-0000-0000-000000000000/roles"),
        ("DELETE", "/api/v1/admin/users/00000000-0000-0000-0000-000000000000/roles/admin"),
        ("PUT", "/api/v1/admin/users/00000000-0000-0000-0000-000000000000/status"),
        ("POST", "/api/v1/admin/clients"),
        ("GET", "/api/v1/admin/clients"),
        ("DELETE", "/api/v1/admin/clients/00000000-0000-0000-0000-000000000000"),
        ("GET", "/api/v1/admin/audit-events"),
    ]

    async def test_anonymous_is_401(self, client: httpx.AsyncClient) -> None:
        for method, path in self.ROUTES:
            response = await client.request(method, path, json={} if method in {"POST", "PUT"} else None)
            assert response.status_code == 401, (method, path)

    async def test_non_admin_is_403(self, client: httpx.AsyncClient, seeker: Tokens) -> None:
        for method, path in self.ROUTES:
            body = {"role": "admin", "status": "active", "name": "x", "scopes": ["jobs:read"]}
            response = await client.request(
                method, path, json=body if method in {"POST", "PUT"} else None, headers=seeker.headers
            )
            assert response.status_code == 403, (method, path, response.text)


class TestUserAdministration:
    async def test_lists_and_searches_users(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        await register(client, "karim@example.org", ["employer"])
        await register(client, "layla@example.org", ["diaspora_member"])
        everyone = (await client.get("/api/v1/admin/users", headers=admin.headers)).json()
        assert everyone["total"] == 3 and everyone["limit"] == 20
        found = (await client.get("/api/v1/admin/users", params={"q": "KARIM"}, headers=admin.headers)).json()
        assert [u["email"] for u in found["items"]] == ["karim@example.org"]
        by_role = (
            await client.get("/api/v1/admin/users", params={"role": "diaspora_member"}, headers=admin.headers)
        ).json()
        assert [u["email"] for u in by_role["items"]] == ["layla@example.org"]

    async def test_page_size_is_bounded(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.get("/api/v1/admin/users", params={"limit": 101}, headers=admin.headers)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == "limit"
        page = (
            await client.get("/api/v1/admin/users", params={"limit": 1, "offset": 0}, headers=admin.headers)
        ).json()
        assert len(page["items"]) == 1

    async def test_granted_role_appears_in_the_next_token(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        user = await register(client, "officer@example.org", ["job_seeker"])
        response = await client.post(
            f"/api/v1/admin/users/{user['id']}/roles", json={"role": "officer"}, headers=admin.headers
        )
        assert response.status_code == 200 and response.json()["roles"] == ["job_seeker", "officer"]
        tokens = await login(client, "officer@example.org")
        assert (await client.get("/api/v1/auth/me", headers=tokens.headers)).json()["roles"] == [
            "job_seeker",
            "officer",
        ]

    async def test_revokes_a_role(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        user = await register(client, "two@example.org", ["job_seeker", "employer"])
        response = await client.delete(
            f"/api/v1/admin/users/{user['id']}/roles/employer", headers=admin.headers
        )
        assert response.json()["roles"] == ["job_seeker"]
        missing = await client.delete(
            f"/api/v1/admin/users/{user['id']}/roles/employer", headers=admin.headers
        )
        assert missing.status_code == 404

    async def test_admin_cannot_lock_themselves_out(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        me = (await client.get("/api/v1/auth/me", headers=admin.headers)).json()
        assert me["email"] == ADMIN_EMAIL
        response = await client.delete(f"/api/v1/admin/users/{me['id']}/roles/admin", headers=admin.headers)
        assert response.status_code == 409
        response = await client.put(
            f"/api/v1/admin/users/{me['id']}/status", json={"status": "disabled"}, headers=admin.headers
        )
        assert response.status_code == 409

    async def test_unknown_user_is_404(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        response = await client.get(
            "/api/v1/admin/users/00000000-0000-0000-0000-000000000000", headers=admin.headers
        )
        assert response.status_code == 404
        response = await client.get("/api/v1/admin/users/not-a-uuid", headers=admin.headers)
        assert response.status_code == 422 and response.json()["errors"][0] == {
            "field": "user_id",
            "location": "path",
            "message": response.json()["errors"][0]["message"],
            "type": "uuid_parsing",
        }


class TestAuditLog:
    async def test_records_logins_failures_role_changes_and_clients(
        self, client: httpx.AsyncClient, admin: Tokens
    ) -> None:
        user = await register(client, "audited@example.org")
        await client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "password",
                "username": "audited@example.org",
                "password": "wrong-password-1",
            },
        )
        await client.post(
            f"/api/v1/admin/users/{user['id']}/roles", json={"role": "editor"}, headers=admin.headers
        )
        await client.post(
            "/api/v1/admin/clients", json={"name": "c", "scopes": ["info:read"]}, headers=admin.headers
        )
        events = (
            await client.get("/api/v1/admin/audit-events", params={"limit": 100}, headers=admin.headers)
        ).json()
        kinds = [event["event"] for event in events["items"]]
        for expected in (
            "account.registered",
            "login.failed",
            "login.succeeded",
            "role.granted",
            "client.created",
        ):
            assert expected in kinds
        failed = next(e for e in events["items"] if e["event"] == "login.failed")
        assert failed["outcome"] == "failure" and failed["subject_id"] == user["id"]
        assert failed["client_address"] == "203.0.113.7" and failed["request_id"]
        assert "password" not in str(events)

    async def test_filters_by_event(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        events = (
            await client.get(
                "/api/v1/admin/audit-events", params={"event": "login.succeeded"}, headers=admin.headers
            )
        ).json()
        assert events["total"] >= 1 and {e["event"] for e in events["items"]} == {"login.succeeded"}
