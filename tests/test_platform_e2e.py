"""The whole platform as real processes: register, log in, call every service through the gateway."""

from __future__ import annotations

import signal
import time

import httpx
import pytest
from e2e_platform import ADMIN_EMAIL, ADMIN_PASSWORD, Platform
from openapi_spec_validator import validate

from imis_testing.contract import allow_disagreements, path_methods

pytestmark = pytest.mark.e2e
PASSWORD = "a-long-passphrase-42"


def _token(gateway: str, **form: str) -> dict[str, str]:
    response = httpx.post(f"{gateway}/api/v1/auth/token", data=form, timeout=10)
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


class TestUserJourney:
    def test_register_token_me_and_each_service(self, platform: Platform) -> None:
        gateway = platform.gateway
        platform.register(
            {
                "email": "hana@example.org",
                "password": PASSWORD,
                "full_name": "Hana",
                "roles": ["diaspora_member"],
            }
        )
        tokens = _token(gateway, grant_type="password", username="hana@example.org", password=PASSWORD)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = httpx.get(f"{gateway}/api/v1/auth/me", headers=headers, timeout=10).json()
        assert me["email"] == "hana@example.org"
        for service in ("jobs", "diaspora", "info"):
            response = httpx.get(f"{gateway}/api/v1/{service}/whoami", headers=headers, timeout=10)
            assert response.status_code == 200, (service, response.text)
            assert response.json() == {
                "kind": "user",
                "subject": me["id"],
                "roles": ["diaspora_member"],
                "scopes": [],
                "service": service,
            }
            assert response.headers["x-request-id"]

    def test_anonymous_call_reaches_the_service_and_is_refused_there(self, platform: Platform) -> None:
        response = httpx.get(f"{platform.gateway}/api/v1/jobs/whoami", timeout=10)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    def test_machine_client_calls_a_service(self, platform: Platform) -> None:
        gateway = platform.gateway
        admin = _token(gateway, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD)
        created = httpx.post(
            f"{gateway}/api/v1/admin/clients",
            json={"name": "Ministry statistics", "scopes": ["diaspora:read"]},
            headers={"Authorization": f"Bearer {admin['access_token']}"},
            timeout=10,
        ).json()
        token = _token(
            gateway,
            grant_type="client_credentials",
            client_id=created["client_id"],
            client_secret=created["client_secret"],
        )
        response = httpx.get(
            f"{gateway}/api/v1/diaspora/whoami",
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=10,
        )
        assert response.json()["kind"] == "client" and response.json()["scopes"] == ["diaspora:read"]


def _user(platform: Platform, email: str, role: str) -> tuple[dict[str, str], str]:
    gateway = platform.gateway
    account = platform.register(
        {"email": email, "password": PASSWORD, "full_name": email.split("@")[0], "roles": [role]}
    )
    token = _token(gateway, grant_type="password", username=email, password=PASSWORD)["access_token"]
    return {"Authorization": f"Bearer {token}"}, account["id"]


class TestJobsThroughTheGateway:
    def test_employer_officer_and_seeker_complete_a_hiring_round(self, platform: Platform) -> None:
        gateway = platform.gateway
        jobs = f"{gateway}/api/v1/jobs"
        admin = _token(gateway, grant_type="password", username=ADMIN_EMAIL, password=ADMIN_PASSWORD)
        admin_headers = {"Authorization": f"Bearer {admin['access_token']}"}
        _staff, staff_id = _user(platform, "officer@ministry.example", "job_seeker")
        granted = httpx.post(
            f"{gateway}/api/v1/admin/users/{staff_id}/roles",
            json={"role": "officer"},
            headers=admin_headers,
            timeout=10,
        )
        assert granted.status_code == 200
        officer = {
            "Authorization": "Bearer "
            + _token(gateway, grant_type="password", username="officer@ministry.example", password=PASSWORD)[
                "access_token"
            ]
        }
        employer, _ = _user(platform, "hr@rossi.example", "employer")
        seeker, _ = _user(platform, "mona@example.org", "job_seeker")

        org = httpx.post(
            f"{jobs}/employers",
            json={
                "name": "Ospedale Rossi",
                "type": "direct_employer",
                "country": "IT",
                "city": "Milano",
                "sector": "Health",
                "registration_number": "IT-MI-1",
                "contact_email": "hr@rossi.example",
            },
            headers=employer,
            timeout=10,
        ).json()
        verified = httpx.post(
            f"{jobs}/employers/{org['id']}/status", json={"status": "verified"}, headers=officer, timeout=10
        )
        assert verified.json()["status"] == "verified"
        nurse = httpx.get(
            f"{jobs}/occupations", params={"q": "specialist nurse", "limit": 1}, timeout=10
        ).json()
        vacancy = httpx.post(
            f"{jobs}/vacancies",
            json={
                "employer_id": org["id"],
                "title": "Nurse",
                "occupation_id": nurse["items"][0]["id"],
                "description": "Cardiology ward",
                "destination_country": "IT",
                "destination_city": "Milano",
                "positions": 2,
                "contract_type": "permanent",
                "salary_min": "1900",
                "salary_max": "2400",
                "salary_currency": "EUR",
                "salary_period": "month",
                "hours_per_week": 36,
                "application_deadline": "2099-01-01",
            },
            headers=employer,
            timeout=10,
        )
        assert vacancy.status_code == 201, vacancy.text
        vacancy = vacancy.json()
        published = httpx.post(
            f"{jobs}/vacancies/{vacancy['id']}/status",
            json={"status": "published"},
            headers=employer,
            timeout=10,
        )
        assert published.status_code == 200, published.text
        public = httpx.get(f"{jobs}/vacancies", timeout=10).json()
        assert [v["id"] for v in public["items"]] == [vacancy["id"]]

        profile = httpx.post(
            f"{jobs}/seekers/me",
            json={
                "full_name": "Mona Adel",
                "date_of_birth": "1994-05-17",
                "citizenship": "EG",
                "residence_country": "EG",
                "discoverable": True,
            },
            headers=seeker,
            timeout=10,
        )
        assert profile.status_code == 201, profile.text
        applied = httpx.post(
            f"{jobs}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker, timeout=10
        )
        assert applied.status_code == 201
        seen = httpx.get(f"{jobs}/applications", headers=employer, timeout=10).json()
        assert [a["seeker_name"] for a in seen["items"]] == ["Mona Adel"]


class TestPublicCachingThroughTheGateway:
    def test_a_public_read_revalidates_with_304_through_the_gateway(self, platform: Platform) -> None:
        """Anonymous portal readers get the info service's ETag and Cache-Control through the
        gateway, and a repeated read with If-None-Match is a 304 without a body."""
        url = f"{platform.gateway}/api/v1/info/topics"
        first = httpx.get(url, headers={"Accept-Language": "fr"}, timeout=10)
        assert first.status_code == 200 and first.json()
        etag = first.headers["ETag"]
        assert "public" in first.headers["Cache-Control"] and first.headers["Content-Language"] == "fr"
        again = httpx.get(url, headers={"Accept-Language": "fr", "If-None-Match": etag}, timeout=10)
        assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
        other = httpx.get(url, headers={"Accept-Language": "ar", "If-None-Match": etag}, timeout=10)
        assert other.status_code == 200  # another language is another representation


class TestTracing:
    def test_one_request_id_in_the_gateway_and_service_logs(self, platform: Platform) -> None:
        request_id = "e2e-trace-0042"
        response = httpx.get(
            f"{platform.gateway}/api/v1/info/whoami", headers={"X-Request-ID": request_id}, timeout=10
        )
        assert response.headers["x-request-id"] == request_id
        deadline = time.monotonic() + 5
        lines: list[str] = []
        while time.monotonic() < deadline:
            lines = [line for line in platform.log.read_text().splitlines() if f"[{request_id}]" in line]
            if {"gateway", "info"} <= {line.split()[3] for line in lines}:
                break
            time.sleep(0.1)
        assert {line.split()[3] for line in lines} >= {"gateway", "info"}, lines


class TestPlatformDocument:
    def test_merged_openapi_covers_all_four_components(self, platform: Platform) -> None:
        document = httpx.get(f"{platform.gateway}/openapi.json", timeout=10).json()
        validate(document)
        operation_ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
        assert {
            "issue_token",
            "get_jobs_identity",
            "get_diaspora_identity",
            "get_info_identity",
        } <= operation_ids
        assert document["info"]["x-imis-missing-services"] == []

    def test_ready_reports_every_upstream(self, platform: Platform) -> None:
        checks = httpx.get(f"{platform.gateway}/ready", timeout=10).json()["checks"]
        assert {key: value for key, value in checks.items() if key.startswith("upstream:")} == {
            "upstream:jobs": "ok",
            "upstream:diaspora": "ok",
            "upstream:info": "ok",
        }


class TestMethodsThroughTheGateway:
    def test_every_path_of_the_platform_names_all_its_methods_in_allow(self, platform: Platform) -> None:
        """OPTIONS and a method a path lacks, on every path of the merged document: the services'
        answers come back through the proxy unchanged, the gateway's own paths answer alike."""
        document = httpx.get(f"{platform.gateway}/openapi.json", timeout=10).json()
        assert document["info"]["x-imis-missing-services"] == []
        wrong: list[str] = []
        with httpx.Client(base_url=platform.gateway, timeout=10) as client:
            for path, item in document["paths"].items():
                concrete, allow, missing = path_methods(path, item)
                wrong += allow_disagreements(
                    path, allow, client.options(concrete), client.request(missing, concrete)
                )
        assert len(document["paths"]) > 50 and wrong == []


class TestShutdown:
    def test_sigint_stops_every_service(self, platform: Platform) -> None:
        children = platform.children()
        assert len(children) == 5  # the four services and the embedded NATS server
        platform.process.send_signal(signal.SIGINT)
        assert platform.process.wait(timeout=30) == 0
        time.sleep(0.2)
        for port in platform.ports.values():
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)  # the broker's port too
        for pid in children:
            assert not _alive(pid), f"service process {pid} is still running"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
