"""Attack suite: extra fields (roles, status, id, ...) sent to registration and staff account
creation are refused with 422 naming each (docs/security.md)."""

from __future__ import annotations

import httpx
from gateway_helpers import PASSWORD, Tokens

from imis_testing.attacks import assert_extra_fields_refused


class TestMassAssignment:
    async def test_registration(self, client: httpx.AsyncClient) -> None:
        body = {
            "email": "new@example.org",
            "password": PASSWORD,
            "full_name": "New User",
            "roles": ["job_seeker"],
        }
        await assert_extra_fields_refused(client, "POST", "/api/v1/auth/register", body, {})
        signed_in = await client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": "new@example.org", "password": PASSWORD},
        )
        assert signed_in.status_code in {400, 401}  # no account was made

    async def test_staff_account_creation(self, client: httpx.AsyncClient, admin: Tokens) -> None:
        body = {"email": "officer@example.org", "full_name": "An Officer", "roles": ["officer"]}
        await assert_extra_fields_refused(client, "POST", "/api/v1/admin/users", body, admin.headers)
