"""Two instances of one service against one database behave as one.

Services keep no state but their database, so replicas are safe as long as every rule that
must hold across requests is enforced there. The sharpest such rule is a programme's quota:
acceptances spread over two jobs app instances — each with its own engine and connection
pool, as two pods have — must never fill more places than the quota.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from jobs_helpers import bearer, programme_body, published_vacancy, seeker_body

from imis_jobs import MIGRATIONS
from imis_jobs.config import JobsSettings
from imis_jobs.main import create_app
from imis_jobs.models import Base
from imis_shared.migrations import upgrade_to_head
from imis_testing import SigningKey, app_client, empty_tables, fresh_database_url, service_settings


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = fresh_database_url("replicas_jobs", tmp_path_factory.mktemp("replicas-jobs"))
    upgrade_to_head(MIGRATIONS, url)
    return url


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey()


@pytest.fixture
async def replicas(
    database_url: str, key: SigningKey, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    settings = service_settings(JobsSettings, database_url, key, tmp_path)
    try:
        async with app_client(create_app(settings)) as one, app_client(create_app(settings)) as two:
            yield one, two
    finally:
        await empty_tables(database_url, Base.metadata)


async def _offered(
    client: httpx.AsyncClient, key: SigningKey, owner: dict[str, str], vacancy_id: str, index: int
) -> tuple[dict[str, str], str]:
    seeker = bearer(key, f"replica-seeker-{index}", "job_seeker")
    created = await client.post(
        "/api/v1/jobs/seekers/me", json=seeker_body(full_name=f"S {index}"), headers=seeker
    )
    assert created.status_code in (200, 201), created.text
    application = await client.post(
        f"/api/v1/jobs/vacancies/{vacancy_id}/applications", json={}, headers=seeker
    )
    assert application.status_code == 201, application.text
    for to in ("shortlisted", "offered"):
        moved = await client.post(
            f"/api/v1/jobs/applications/{application.json()['id']}/transitions",
            json={"to": to},
            headers=owner,
        )
        assert moved.status_code == 200, moved.text
    return seeker, application.json()["id"]


class TestTwoJobsInstancesOneDatabase:
    async def test_the_programme_quota_is_exact_across_instances(
        self, replicas: tuple[httpx.AsyncClient, httpx.AsyncClient], key: SigningKey
    ) -> None:
        one, two = replicas
        officer = bearer(key, "replica-officer", "officer")
        owner = bearer(key, "replica-owner", "employer")
        seasonal = programme_body(name="Italy-Egypt seasonal 2027", quota=4)
        programme = await one.post("/api/v1/jobs/programmes", json=seasonal, headers=officer)
        assert programme.status_code == 201, programme.text
        programme_id = programme.json()["id"]
        # Created on one instance, used on the other: nothing lives in a process.
        vacancy = await published_vacancy(two, owner, officer, programme_id=programme_id, positions=20)
        offers = [await _offered((one, two)[i % 2], key, owner, vacancy["id"], i) for i in range(10)]
        responses = await asyncio.gather(
            *(
                (one, two)[i % 2].post(
                    f"/api/v1/jobs/applications/{application_id}/transitions",
                    json={"to": "accepted"},
                    headers=seeker,
                )
                for i, (seeker, application_id) in enumerate(offers)
            )
        )
        assert sorted(response.status_code for response in responses) == [200] * 4 + [409] * 6
        assert {r.json()["reason"] for r in responses if r.status_code == 409} == {"quota_full"}
        for replica in (one, two):
            state = (await replica.get(f"/api/v1/jobs/programmes/{programme_id}")).json()
            assert (state["quota_used"], state["quota_remaining"]) == (4, 0)
        accepted = (
            await two.get("/api/v1/jobs/applications", params={"status": "accepted"}, headers=officer)
        ).json()
        assert accepted["total"] == 4
