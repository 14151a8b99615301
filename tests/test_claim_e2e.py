"""Claiming an imported diaspora record, across the gateway and the diaspora service.

The real gateway and diaspora apps serve over HTTP (uvicorn in threads, each with its own
migrated database); the gateway mails through a real SMTP server and the diaspora service
verifies tokens against the gateway's JWKS, as deployed.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from gateway_mail import Mailbox, smtp_server, smtp_settings
from pydantic import SecretStr

import imis_diaspora
import imis_gateway
from imis_diaspora.config import DiasporaSettings
from imis_diaspora.main import create_app as create_diaspora
from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app as create_gateway
from imis_gateway.tokens.keys import generate_pem
from imis_shared.migrations import upgrade_to_head
from imis_testing import TEST_AUDIENCE, TEST_ISSUER, free_port, fresh_database_url, serve_in_thread

ADMIN = ("admin@imis.example", "admin-passphrase-2026")
PASSWORD = "a-long-passphrase-42"
CSV = (
    "full_name,date_of_birth,citizenships,residence_country,email\n"
    "Hoda Samir,1979-11-23,EG,IT,hoda@example.org\n"
)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Mailbox]]:
    workdir = tmp_path_factory.mktemp("claim")
    key_file = workdir / "signing.pem"
    key_file.write_bytes(generate_pem())
    gateway_db = fresh_database_url("claim_gateway", workdir)
    diaspora_db = fresh_database_url("claim_diaspora", workdir)
    upgrade_to_head(imis_gateway.MIGRATIONS, gateway_db)
    upgrade_to_head(imis_diaspora.MIGRATIONS, diaspora_db)
    gateway_port, diaspora_port = free_port(), free_port()
    gateway_url = f"http://127.0.0.1:{gateway_port}"
    with smtp_server() as (mailbox, smtp_port):
        gateway = GatewaySettings(
            environment="test",
            database_url=gateway_db,
            signing_key_file=key_file,
            jwt_issuer=TEST_ISSUER,
            jwt_audience=TEST_AUDIENCE,
            password_hash_time_cost=1,
            password_hash_memory_kib=64,
            bootstrap_admin_email=ADMIN[0],
            bootstrap_admin_password=SecretStr(ADMIN[1]),
            diaspora_url=f"http://127.0.0.1:{diaspora_port}",
            **smtp_settings(smtp_port),
            email_verification_url="https://portal.example/verify-email?token={token}",
        )
        diaspora = DiasporaSettings(
            environment="test",
            database_url=diaspora_db,
            jwt_issuer=TEST_ISSUER,
            jwt_audience=TEST_AUDIENCE,
            jwks_url=f"{gateway_url}/.well-known/jwks.json",
        )
        with (
            serve_in_thread(create_gateway(gateway), gateway_port),
            serve_in_thread(create_diaspora(diaspora), diaspora_port),
        ):
            yield gateway_url, mailbox


def token_pair(client: httpx.Client, email: str, password: str) -> tuple[str, str]:
    response = client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 200, response.text
    return response.json()["access_token"], response.json()["refresh_token"]


def bearer(access: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"}


class TestClaimThroughTheGateway:
    def test_a_member_verifies_their_email_and_claims_the_imported_record(
        self, platform: tuple[str, Mailbox]
    ) -> None:
        gateway_url, mailbox = platform
        with httpx.Client(base_url=gateway_url, timeout=30) as client:
            admin, _ = token_pair(client, *ADMIN)
            imported = client.post(
                "/api/v1/diaspora/members/import",
                files={"file": ("list.csv", CSV.encode(), "text/csv")},
                headers=bearer(admin),
            )
            assert imported.status_code == 200 and imported.json()["imported"] == 1, imported.text

            registered = client.post(
                "/api/v1/auth/register",
                json={
                    "email": "Hoda@Example.org",
                    "password": PASSWORD,
                    "full_name": "Hoda Samir",
                    "roles": ["diaspora_member"],
                },
            )
            # Registering mails the link that activates the account and proves the address.
            assert registered.status_code == 202, registered.text
            assert mailbox.recipients[-1] == ["hoda@example.org"]
            confirmed = client.post(
                "/api/v1/auth/email-verification/confirm", json={"token": mailbox.token()}
            )
            assert confirmed.status_code == 200 and confirmed.json()["email_verified_at"], confirmed.text

            access, _refresh = token_pair(client, "hoda@example.org", PASSWORD)
            verified = bearer(access)
            claimed = client.post("/api/v1/diaspora/members/me/claim", headers=verified)
            assert claimed.status_code == 200, claimed.text
            own = client.get("/api/v1/diaspora/members/me", headers=verified)
            assert own.status_code == 200
            assert own.json()["full_name"] == "Hoda Samir" and own.json()["id"] == claimed.json()["id"]
            assert own.json()["user_id"] == confirmed.json()["id"]
            assert client.post("/api/v1/diaspora/members/me/claim", headers=verified).status_code == 409
