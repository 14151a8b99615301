"""Several gateway replicas: rate limits and the token revocation list shared through Redis.

Runs against the real Redis named by ``IMIS_TEST_REDIS_URL`` (CI sets it); without the
variable, a Redis on 127.0.0.1:6379 is used when one answers and the tests skip otherwise.
Each test works under its own key prefix, so parallel runs do not see each other.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import redis
import redis.asyncio as aioredis
from fastapi import FastAPI
from gateway_helpers import PASSWORD, Tokens, login, register
from gateway_mail import smtp_server, smtp_settings
from pydantic import SecretStr
from redis.exceptions import RedisError

from imis_gateway.config import GatewaySettings
from imis_gateway.main import create_app
from imis_gateway.ratelimit import RedisRateLimiter
from imis_gateway.revocation import RedisRevocations
from imis_shared.errors import ServiceUnavailable
from imis_testing import app_client, free_port

REDIS_ENV = "IMIS_TEST_REDIS_URL"


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get(REDIS_ENV) or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as error:
        if os.environ.get(REDIS_ENV):
            pytest.fail(f"{REDIS_ENV}={url} is unreachable: {error}")
        pytest.skip(f"no Redis at {url} (set {REDIS_ENV} to require one)")
    finally:
        client.close()
    return url


@pytest.fixture
async def prefix(redis_url: str) -> AsyncIterator[str]:
    prefix = f"imis-test:{uuid.uuid4().hex}:"
    yield prefix
    client = aioredis.Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class TestRedisRateLimiter:
    async def test_counts_up_to_the_limit_then_gives_the_wait(self, redis_url: str, prefix: str) -> None:
        clock = Clock()
        limiter = RedisRateLimiter(aioredis.Redis.from_url(redis_url), prefix=prefix, clock=clock)
        try:
            assert [await limiter.acquire("k", 3, 60) for _ in range(3)] == [None, None, None]
            clock.now += 10
            assert await limiter.acquire("k", 3, 60) == 50  # the oldest hit leaves the window in 50 s
            assert await limiter.retry_after("k", 3, 60) == 50
            clock.now += 50
            assert await limiter.retry_after("k", 3, 60) is None
            assert await limiter.acquire("k", 3, 60) is None
        finally:
            await limiter.close()

    async def test_retry_after_does_not_count_and_reset_clears(self, redis_url: str, prefix: str) -> None:
        limiter = RedisRateLimiter(aioredis.Redis.from_url(redis_url), prefix=prefix)
        try:
            for _ in range(5):
                assert await limiter.retry_after("k", 2, 60) is None
            await limiter.hit("k", 60)
            await limiter.hit("k", 60)
            wait = await limiter.retry_after("k", 2, 60)
            assert wait is not None and 1 <= wait <= 60
            await limiter.reset("k")
            assert await limiter.retry_after("k", 2, 60) is None
        finally:
            await limiter.close()

    async def test_two_limiters_share_one_window_under_concurrency(self, redis_url: str, prefix: str) -> None:
        first = RedisRateLimiter(aioredis.Redis.from_url(redis_url), prefix=prefix)
        second = RedisRateLimiter(aioredis.Redis.from_url(redis_url), prefix=prefix)
        try:
            results = await asyncio.gather(
                *(limiter.acquire("shared", 7, 60) for limiter in [first, second] * 10)
            )
            assert sum(result is None for result in results) == 7
        finally:
            await first.close()
            await second.close()


def _replica_settings(
    settings: GatewaySettings, redis_url: str, prefix: str, **changes: object
) -> GatewaySettings:
    return settings.model_copy(
        update={"redis_url": SecretStr(redis_url), "redis_key_prefix": prefix, **changes}
    )


async def _login(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/token", data={"grant_type": "password", "username": email, "password": password}
    )


class TestTwoGatewayReplicas:
    async def test_a_logout_on_one_replica_stops_the_token_on_the_other(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "salma@example.org")
        shared = _replica_settings(settings, redis_url, prefix)
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            tokens = (await _login(one, "salma@example.org", PASSWORD)).json()
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            assert (await two.get("/api/v1/auth/me", headers=headers)).status_code == 200
            await one.post("/api/v1/auth/logout", json={"refresh_token": tokens["refresh_token"]})
            assert (await two.get("/api/v1/auth/me", headers=headers)).status_code == 401
            assert (await two.get("/api/v1/jobs/echo/x", headers=headers)).status_code == 401

    async def test_share_the_failed_login_limit_of_an_account(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "nadia@example.org")
        shared = _replica_settings(
            settings, redis_url, prefix, login_failures_per_account_address=4, login_attempts_per_address=100
        )
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            for replica in (one, two, one, two):
                assert (await _login(replica, "nadia@example.org", "wrong-password-1")).status_code == 400
            for replica in (one, two):  # the right password no longer helps, on either replica
                refused = await _login(replica, "nadia@example.org", PASSWORD)
                assert refused.status_code == 429
                assert 1 <= int(refused.headers["retry-after"]) <= settings.login_failure_window_seconds
        # A replica that counts in memory would have let the fifth attempt through.
        async with app_client(
            create_app(settings.model_copy(update={"login_failures_per_account_address": 4}))
        ) as alone:
            assert (await _login(alone, "nadia@example.org", PASSWORD)).status_code == 200

    async def test_concurrent_guesses_on_two_replicas_get_exactly_the_limit(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "omar@example.org")
        shared = _replica_settings(
            settings, redis_url, prefix, login_failures_per_account_address=4, login_attempts_per_address=100
        )
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            responses = await asyncio.gather(
                *(_login(replica, "omar@example.org", "wrong-password-2") for replica in [one, two] * 6)
            )
        statuses = sorted(response.status_code for response in responses)
        assert statuses == [400] * 4 + [429] * 8

    async def test_a_success_clears_the_failures_of_the_account(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "salma@example.org")
        shared = _replica_settings(
            settings, redis_url, prefix, login_failures_per_account_address=3, login_attempts_per_address=100
        )
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            for replica in (one, two):
                assert (await _login(replica, "salma@example.org", "wrong-password-3")).status_code == 400
            assert (await _login(one, "salma@example.org", PASSWORD)).status_code == 200
            for replica in (two, one):
                assert (await _login(replica, "salma@example.org", "wrong-password-3")).status_code == 400
            assert (await _login(two, "salma@example.org", PASSWORD)).status_code == 200

    async def test_share_the_registration_limit_of_an_address(
        self, settings: GatewaySettings, redis_url: str, prefix: str, client: httpx.AsyncClient
    ) -> None:
        shared = _replica_settings(settings, redis_url, prefix, registrations_per_address=3)
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            for index, replica in enumerate((one, two, one)):
                await register(replica, f"user{index}@example.org")
            refused = await two.post(
                "/api/v1/auth/register",
                json={
                    "email": "user3@example.org",
                    "password": PASSWORD,
                    "full_name": "U",
                    "roles": ["job_seeker"],
                },
            )
        assert refused.status_code == 429 and refused.headers["content-type"] == "application/problem+json"

    async def test_share_the_mail_limit_of_an_account(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "rania@example.org")
        with smtp_server() as (mailbox, port):
            shared = _replica_settings(
                settings, redis_url, prefix, **smtp_settings(port), email_verifications_per_account=3
            )
            async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
                tokens = await login(one, "rania@example.org")
                statuses = [
                    (
                        await replica.post(
                            "/api/v1/auth/me/email-change",
                            json={"email": f"rania.{number}@example.org"},
                            headers=tokens.headers,
                        )
                    ).status_code
                    for number, replica in enumerate((one, two, one, two))
                ]
        assert statuses == [202, 202, 202, 429]
        assert len(mailbox.messages) == 3

    async def test_an_unreachable_redis_refuses_logins_and_fails_readiness(
        self, settings: GatewaySettings, client: httpx.AsyncClient
    ) -> None:
        broken = settings.model_copy(update={"redis_url": SecretStr(f"redis://127.0.0.1:{free_port()}/0")})
        async with app_client(create_app(broken)) as replica:
            response = await _login(replica, "nobody@example.org", PASSWORD)
            assert response.status_code == 503 and response.headers["retry-after"] == "5"
            ready = await replica.get("/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["redis"].startswith("unreachable")


class TestRedisRevocations:
    async def test_replicas_share_the_list(self, redis_url: str, prefix: str) -> None:
        clock = Clock()
        one = RedisRevocations(aioredis.Redis.from_url(redis_url), prefix, keep_seconds=930, clock=clock)
        two = RedisRevocations(aioredis.Redis.from_url(redis_url), prefix, keep_seconds=930, clock=clock)
        try:
            await one.revoke_subject("user-1")
            await one.revoke_session("family-1")
            assert await two.is_revoked("user-1", None, clock.now)
            assert not await two.is_revoked("user-1", None, clock.now + 0.001)
            assert await two.is_revoked("user-2", "family-1", 0)
            assert not await two.is_revoked("user-2", "family-2", 0)
        finally:
            await one.close()
            await two.close()

    async def test_entries_expire_with_the_tokens_they_refuse(self, redis_url: str, prefix: str) -> None:
        revocations = RedisRevocations(aioredis.Redis.from_url(redis_url), prefix, keep_seconds=930)
        client = aioredis.Redis.from_url(redis_url)
        try:
            await revocations.revoke_subject("user-1")
            ttl = await client.pttl(f"{prefix}subject:user-1")
            assert 929_000 < ttl <= 930_000
        finally:
            await revocations.close()
            await client.aclose()

    async def test_an_unreachable_list_refuses_signed_in_calls_with_503(self) -> None:
        revocations = RedisRevocations.from_url(f"redis://127.0.0.1:{free_port()}/0", "x:", keep_seconds=930)
        try:
            with pytest.raises(ServiceUnavailable):
                await revocations.is_revoked("user-1", None, 0)
        finally:
            await revocations.close()


def _from(app: FastAPI, address: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=(address, 40000)), base_url="http://testserver"
    )


class TestGuessingLimitsAcrossReplicas:
    async def test_a_stranger_on_many_addresses_slows_but_does_not_lock_the_owner(
        self, client: httpx.AsyncClient, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        await register(client, "karim@example.org")
        shared = _replica_settings(settings, redis_url, prefix, login_failures_per_account=3)
        one_app, two_app = create_app(shared), create_app(shared)
        async with app_client(one_app) as one, app_client(two_app) as two:
            assert (await _login(one, "karim@example.org", PASSWORD)).status_code == 200  # usual address
            for index, app in enumerate((one_app, two_app, one_app)):
                async with _from(app, f"198.51.100.{60 + index}") as guesser:
                    assert (await _login(guesser, "karim@example.org", "wrong-password-4")).status_code == 400
            async with _from(two_app, "198.51.100.70") as first, _from(one_app, "198.51.100.71") as second:
                assert (await _login(first, "karim@example.org", "wrong-password-4")).status_code == 400
                assert (await _login(second, "karim@example.org", PASSWORD)).status_code == 429
            for replica in (two, one):  # the usual address goes on, on either replica
                assert (await _login(replica, "karim@example.org", PASSWORD)).status_code == 200

    async def test_share_the_failed_client_authentications(
        self, client: httpx.AsyncClient, admin: Tokens, settings: GatewaySettings, redis_url: str, prefix: str
    ) -> None:
        created = await client.post(
            "/api/v1/admin/clients", json={"name": "HR", "scopes": ["jobs:read"]}, headers=admin.headers
        )
        client_id, secret = created.json()["client_id"], created.json()["client_secret"]
        shared = _replica_settings(settings, redis_url, prefix, client_auth_failures_per_client=2)
        form = {"grant_type": "client_credentials", "client_id": client_id}
        async with app_client(create_app(shared)) as one, app_client(create_app(shared)) as two:
            statuses = [
                (
                    await replica.post("/api/v1/auth/token", data={**form, "client_secret": "guess"})
                ).status_code
                for replica in (one, two, one)
            ]
            refused = await two.post("/api/v1/auth/token", data={**form, "client_secret": secret})
        assert statuses == [401, 401, 429]
        assert refused.status_code == 429 and refused.headers["content-type"] == "application/problem+json"
