"""Production logs: JSON lines with request ids, and none of a user's secrets or personal data.

The platform runs as real processes in production mode (JSON logs), a user goes through a
full journey — register, log in, fail a login, refresh, fill a CV and a diaspora profile
with phone and date of birth, log out — and then every byte the four services logged is
searched for that user's password, tokens, phone and date of birth.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import httpx
import pytest
from diaspora_helpers import member_body
from e2e_platform import SERVICES, Platform, environment, run_platform
from gateway_mail import SMTP_PASSWORD, SMTP_USERNAME, Mailbox, smtp_server
from jobs_helpers import seeker_body

from imis_gateway.tokens.keys import generate_pem
from imis_testing import free_port, fresh_database_url

pytestmark = pytest.mark.e2e

EMAIL = "leila.haddad@example.org"
PASSWORD = "quiet-orchard-5821-lantern"
WRONG_PASSWORD = "noisy-meadow-1290-candle"
PHONE = "+20 122 555 0199"
PHONE_E164 = "+201225550199"
DATE_OF_BIRTH = "1991-08-23"
ABROAD_PHONE = "+39 011 765 4321"
ABROAD_DATE_OF_BIRTH = "1988-11-04"


@dataclass
class Journey:
    log: str
    tokens: list[str]


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> Journey:
    """The platform in production mode, the scenario, then the platform stopped (logs flushed)."""
    workdir = tmp_path_factory.mktemp("production")
    key = workdir / "signing.pem"
    key.write_bytes(generate_pem())
    ports = {name: free_port() for name in SERVICES}
    urls = {name: fresh_database_url(f"logs_{name}", workdir) for name in SERVICES}
    env = environment(ports, urls)
    for name in SERVICES:
        env[f"IMIS_{name.upper()}_ENVIRONMENT"] = "production"
        env[f"IMIS_{name.upper()}_LOG_LEVEL"] = "DEBUG"  # the most a service ever logs
        env[f"IMIS_{name.upper()}_METRICS_TOKEN"] = (
            f"scrape-{name}-e2e"  # production refuses to serve without
        )
    env["IMIS_GATEWAY_SIGNING_KEY_FILE"] = str(key)
    # Production mails for real: registering sends the activation link through this server.
    with smtp_server() as (mailbox, smtp_port):
        env.update(
            IMIS_GATEWAY_SMTP_HOST="127.0.0.1",
            IMIS_GATEWAY_SMTP_PORT=str(smtp_port),
            IMIS_GATEWAY_SMTP_USERNAME=SMTP_USERNAME,
            IMIS_GATEWAY_SMTP_PASSWORD=SMTP_PASSWORD,
            IMIS_GATEWAY_SMTP_STARTTLS="false",
            IMIS_GATEWAY_EMAIL_VERIFICATION_URL="https://portal.example/verify-email?token={token}",
        )
        with run_platform(workdir, ports, env) as platform:
            tokens = _journey(platform, mailbox)
    return Journey(platform.log.read_text(), tokens)


def _journey(platform: Platform, mailbox: Mailbox) -> list[str]:
    """Runs the scenario; returns the tokens it was given."""
    with httpx.Client(base_url=platform.gateway, timeout=20) as http:
        registered = http.post(
            "/api/v1/auth/register",
            json={
                "email": EMAIL,
                "password": PASSWORD,
                "full_name": "Leila Haddad",
                "roles": ["job_seeker", "diaspora_member"],
            },
        )
        assert registered.status_code == 202, registered.text
        activated = http.post("/api/v1/auth/email-verification/confirm", json={"token": mailbox.token()})
        assert activated.status_code == 200, activated.text
        failed = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": EMAIL, "password": WRONG_PASSWORD},
        )
        assert failed.status_code == 400
        first = http.post(
            "/api/v1/auth/token", data={"grant_type": "password", "username": EMAIL, "password": PASSWORD}
        ).json()
        second = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        ).json()
        headers = {"Authorization": f"Bearer {second['access_token']}"}
        cv = http.post(
            "/api/v1/jobs/seekers/me",
            json=seeker_body(full_name="Leila Haddad", phone=PHONE, date_of_birth=DATE_OF_BIRTH, email=EMAIL),
            headers=headers,
        )
        assert cv.status_code in (200, 201), cv.text
        assert http.get("/api/v1/jobs/seekers/me", headers=headers).status_code == 200
        bad_cv = http.post(  # a validation error echoes input back to the client, never to the log
            "/api/v1/jobs/seekers/me",
            json=seeker_body(phone=PHONE, date_of_birth="not-a-date"),
            headers=headers,
        )
        assert bad_cv.status_code == 422
        member = http.post(
            "/api/v1/diaspora/members/me",
            json=member_body(
                full_name="Leila Haddad", phone=ABROAD_PHONE, date_of_birth=ABROAD_DATE_OF_BIRTH
            ),
            headers=headers,
        )
        assert member.status_code == 201, member.text
        # A token in the query string (a client mistake) must not reach the log through the path either.
        http.get("/api/v1/info/whoami", params={"access_token": second["access_token"]})
        assert (
            http.post("/api/v1/auth/logout", json={"refresh_token": second["refresh_token"]}).status_code
            == 204
        )
        reused = http.post(
            "/api/v1/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        )
        assert reused.status_code == 400
    return [first["access_token"], first["refresh_token"], second["access_token"], second["refresh_token"]]


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


class TestProductionLogs:
    def test_hold_no_password_token_phone_or_date_of_birth(self, journey: Journey) -> None:
        log, tokens = journey.log, journey.tokens
        secrets = {
            "password": PASSWORD,
            "wrong password": WRONG_PASSWORD,
            "phone": PHONE,
            "phone (E.164)": PHONE_E164,
            "phone digits": _digits(PHONE)[2:],  # without the country code
            "date of birth": DATE_OF_BIRTH,
            "phone abroad": ABROAD_PHONE,
            "phone abroad (E.164)": "+" + _digits(ABROAD_PHONE),
            "date of birth abroad": ABROAD_DATE_OF_BIRTH,
        }
        for index, token in enumerate(tokens):
            secrets[f"token {index}"] = token
            secrets[f"token {index} (signature)"] = token.rsplit(".", 1)[-1][:24]
        found = [what for what, secret in secrets.items() if secret in log]
        assert found == [], f"the logs contain: {found}"

    def test_are_json_lines_with_request_ids(self, journey: Journey) -> None:
        entries = []
        for line in journey.log.splitlines():
            if line.startswith("{"):
                entries.append(json.loads(line))
        access = [entry for entry in entries if entry.get("logger") == "imis.access"]
        assert {entry["service"] for entry in access} == set(SERVICES)
        proxied = [entry for entry in access if entry["path"].startswith("/api/v1/jobs/seekers")]
        assert proxied and all(len(entry["request_id"]) >= 8 for entry in proxied)
        # The gateway's and the service's lines of one request share its id.
        by_id: dict[str, set[str]] = {}
        for entry in proxied:
            by_id.setdefault(entry["request_id"], set()).add(entry["service"])
        assert {"gateway", "jobs"} in by_id.values()
        assert all("trace_id" in entry for entry in access)
