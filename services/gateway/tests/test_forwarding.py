"""The caller's address behind trusted proxies: X-Forwarded-For / Forwarded believed only from them."""

from __future__ import annotations

import ipaddress

import httpx
import pytest
from pydantic import ValidationError

from imis_gateway.config import GatewaySettings
from imis_gateway.forwarding import caller_address
from imis_gateway.main import create_app
from imis_gateway.proxy.forward import IDLE_CONNECTION_SECONDS
from imis_shared.cli import KEEP_ALIVE_SECONDS
from imis_testing import app_client

INGRESS = [ipaddress.ip_network("10.0.0.0/8")]
TOKEN_URL = "/api/v1/auth/token"


class TestCallerAddress:
    def test_without_trusted_proxies_the_peer_is_the_caller(self) -> None:
        assert caller_address("10.0.0.5", ["198.51.100.1"], [], "x-forwarded-for") == "10.0.0.5"

    def test_a_header_from_an_untrusted_peer_is_ignored(self) -> None:
        assert caller_address("203.0.113.9", ["198.51.100.1"], INGRESS, "x-forwarded-for") == "203.0.113.9"

    def test_the_right_most_untrusted_address_is_the_caller(self) -> None:
        # The caller forged the first entry; the ingress appended what it saw.
        header = ["1.2.3.4, 198.51.100.7"]
        assert caller_address("10.0.0.5", header, INGRESS, "x-forwarded-for") == "198.51.100.7"

    def test_trusted_hops_are_skipped_across_header_lines(self) -> None:
        header = ["6.6.6.6", "198.51.100.7, 10.1.2.3"]
        assert caller_address("10.0.0.5", header, INGRESS, "x-forwarded-for") == "198.51.100.7"

    def test_a_port_and_spellings_are_normalised(self) -> None:
        assert caller_address("10.0.0.5", ["198.51.100.7:5555"], INGRESS, "x-forwarded-for") == "198.51.100.7"
        assert caller_address("10.0.0.5", ["2001:DB8::1"], INGRESS, "x-forwarded-for") == "2001:db8::1"

    def test_forwarded_header_of_rfc_7239(self) -> None:
        header = ['for=1.2.3.4, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.9;by=10.0.0.5']
        assert caller_address("10.0.0.5", header, INGRESS, "forwarded") == "2001:db8:cafe::17"

    def test_the_other_header_is_not_read(self) -> None:
        # With X-Forwarded-For configured, a Forwarded header the caller sent is not in the chain.
        assert caller_address("10.0.0.5", [], INGRESS, "x-forwarded-for") == "10.0.0.5"

    def test_an_entry_that_is_not_an_address_is_the_caller(self) -> None:
        assert caller_address("10.0.0.5", ["198.51.100.7, unknown"], INGRESS, "x-forwarded-for") == "unknown"

    def test_the_setting_takes_addresses_and_networks_only(self) -> None:
        settings = GatewaySettings(trusted_proxies=["10.0.0.0/8", "192.0.2.10"])  # type: ignore[list-item]
        assert [str(network) for network in settings.trusted_proxies] == ["10.0.0.0/8", "192.0.2.10/32"]
        with pytest.raises(ValidationError):
            GatewaySettings(trusted_proxies=["the-ingress"])  # type: ignore[list-item]


def _attempt(index: int) -> dict[str, str]:
    return {"grant_type": "password", "username": f"u{index}@example.org", "password": "wrong-password-1"}


class TestLimitsBehindTheIngress:
    """app_client connects from 203.0.113.7: that is the ingress when it is trusted."""

    async def test_callers_behind_a_trusted_proxy_have_their_own_buckets(
        self, settings: GatewaySettings
    ) -> None:
        trusting = settings.model_copy(
            update={
                "trusted_proxies": [ipaddress.ip_network("203.0.113.7/32")],
                "login_attempts_per_address": 3,
            }
        )
        async with app_client(create_app(trusting)) as ingress:
            statuses = [
                (
                    await ingress.post(
                        TOKEN_URL, data=_attempt(index), headers={"X-Forwarded-For": f"198.51.100.{index}"}
                    )
                ).status_code
                for index in range(6)
            ]
            assert statuses == [400] * 6
            same = [
                (
                    await ingress.post(
                        TOKEN_URL, data=_attempt(index), headers={"X-Forwarded-For": "198.51.100.99"}
                    )
                ).status_code
                for index in range(4)
            ]
            assert same == [400, 400, 400, 429]
            # A forged entry to the left of what the ingress saw does not give a new bucket.
            forged = await ingress.post(
                TOKEN_URL, data=_attempt(9), headers={"X-Forwarded-For": "1.2.3.4, 198.51.100.99"}
            )
            assert forged.status_code == 429

    async def test_an_untrusted_peer_cannot_choose_its_bucket(self, settings: GatewaySettings) -> None:
        limited = settings.model_copy(
            update={"trusted_proxies": [ipaddress.ip_network("10.0.0.0/8")], "login_attempts_per_address": 3}
        )
        async with app_client(create_app(limited)) as direct:
            statuses = [
                (
                    await direct.post(
                        TOKEN_URL, data=_attempt(index), headers={"X-Forwarded-For": f"198.51.100.{index}"}
                    )
                ).status_code
                for index in range(4)
            ]
        assert statuses == [400, 400, 400, 429]

    async def test_registration_and_the_audit_log_see_the_forwarded_caller(
        self, settings: GatewaySettings, client: httpx.AsyncClient
    ) -> None:
        trusting = settings.model_copy(
            update={
                "trusted_proxies": [ipaddress.ip_network("203.0.113.0/24")],
                "registrations_per_address": 1,
            }
        )
        body = {"password": "a-long-passphrase-42", "full_name": "N", "roles": ["job_seeker"]}
        async with app_client(create_app(trusting)) as ingress:
            first = await ingress.post(
                "/api/v1/auth/register",
                json={**body, "email": "a@example.org"},
                headers={"X-Forwarded-For": "198.51.100.1"},
            )
            second = await ingress.post(
                "/api/v1/auth/register",
                json={**body, "email": "b@example.org"},
                headers={"X-Forwarded-For": "198.51.100.2"},
            )
            third = await ingress.post(
                "/api/v1/auth/register",
                json={**body, "email": "c@example.org"},
                headers={"X-Forwarded-For": "198.51.100.2"},
            )
            assert (first.status_code, second.status_code, third.status_code) == (202, 202, 429)
            admin = await ingress.post(
                TOKEN_URL,
                data={
                    "grant_type": "password",
                    "username": "admin@imis.example",
                    "password": "admin-passphrase-2026",
                },
                headers={"X-Forwarded-For": "198.51.100.3"},
            )
            token = admin.json()["access_token"]
            events = await ingress.get(
                "/api/v1/admin/audit-events",
                params={"event": "account.registered"},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert {event["client_address"] for event in events.json()["items"]} == {
            "198.51.100.1",
            "198.51.100.2",
        }


def test_the_pool_lets_go_of_idle_connections_before_the_services_close_them() -> None:
    """A pooled connection reused just as the service closes it for idleness answers 502 at random
    (seen in the contract run): the gateway must drop idle connections first."""
    assert IDLE_CONNECTION_SECONDS < KEEP_ALIVE_SECONDS
