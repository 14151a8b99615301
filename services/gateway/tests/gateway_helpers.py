"""Helpers of the gateway tests: accounts, logins and tokens."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from gateway_mail import link_token

ADMIN_EMAIL = "admin@imis.example"
ADMIN_PASSWORD = "admin-passphrase-2026"
PASSWORD = "a-long-passphrase-42"


@dataclass
class Tokens:
    access: str
    refresh: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}


async def register(
    client: httpx.AsyncClient, email: str, roles: list[str] | None = None, password: str = PASSWORD
) -> dict[str, object]:
    """Register, then activate with the link mailed to ``email``; the activated account."""
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": password,
            "full_name": "Test User",
            "roles": roles or ["job_seeker"],
        },
    )
    assert response.status_code == 202, response.text
    confirmed = await client.post(
        "/api/v1/auth/email-verification/confirm", json={"token": link_token(email)}
    )
    assert confirmed.status_code == 200, confirmed.text
    body: dict[str, object] = confirmed.json()
    return body


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> Tokens:
    response = await client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return Tokens(body["access_token"], body.get("refresh_token"))
