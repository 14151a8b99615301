"""Attack suite: extra fields (status, owner, id, ...) sent to a diaspora member's own profile are
refused with 422 naming each (docs/security.md)."""

from __future__ import annotations

import httpx
from diaspora_helpers import member_body, register

from imis_testing.attacks import assert_extra_fields_refused

API = "/api/v1/diaspora"


class TestMassAssignment:
    async def test_member_registration_and_update(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        await assert_extra_fields_refused(client, "POST", f"{API}/members/me", member_body(), member)
        await register(client, member)
        await assert_extra_fields_refused(
            client, "PATCH", f"{API}/members/me", {"full_name": "New Name"}, member
        )
