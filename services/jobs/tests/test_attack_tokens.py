"""Attack suite: forged tokens and forged identity headers sent to the jobs service directly, as if
past the gateway (docs/security.md)."""

from __future__ import annotations

import httpx
import pytest

from imis_testing import TEST_AUDIENCE, TEST_ISSUER, SigningKey, bearer
from imis_testing.attacks import Forger, ServiceAttacks


@pytest.fixture
def attacks(client: httpx.AsyncClient, signing_key: SigningKey) -> ServiceAttacks:
    forger = Forger(signing_key.private_key, signing_key.kid, TEST_ISSUER, TEST_AUDIENCE)
    return ServiceAttacks(client, forger, "jobs")


@pytest.fixture
def a_seeker(signing_key: SigningKey) -> dict[str, str]:
    return bearer(signing_key, "seeker-attacks", "job_seeker")


class TestForgedTokens:
    async def test_every_forgery_is_refused(self, attacks: ServiceAttacks) -> None:
        await attacks.forged_tokens_are_refused("/api/v1/jobs/vacancies")


class TestForgedIdentityHeaders:
    async def test_identity_headers_gain_nothing(
        self, attacks: ServiceAttacks, a_seeker: dict[str, str]
    ) -> None:
        await attacks.identity_headers_gain_nothing("/api/v1/jobs/seekers", a_seeker)

    async def test_a_second_authorization_header_is_not_read(
        self, attacks: ServiceAttacks, a_seeker: dict[str, str]
    ) -> None:
        await attacks.a_second_authorization_header_is_not_read(a_seeker)
