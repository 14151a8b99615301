"""Topics: seeded in four languages, read by anyone, changed by admins only."""

from __future__ import annotations

import uuid

import httpx
from info_helpers import API
from sqlalchemy import delete

from imis_info.topics.models import Topic
from imis_shared.db import create_engine


class TestListTopics:
    async def test_seeded_topics_in_the_wanted_language(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/topics", params={"lang": "fr"})
        assert response.status_code == 200
        topics = {topic["code"]: topic for topic in response.json()}
        assert len(topics) >= 14
        assert topics["work-permits"]["label"] == "Permis de travail"
        assert topics["safe-migration"]["labels"]["ar"].startswith("الهجرة الآمنة")
        assert all(set(topic["labels"]) >= {"en", "fr", "it", "ar"} for topic in topics.values())

    async def test_unsupported_language_is_refused(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{API}/topics", params={"lang": "de"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "lang"


class TestChangeTopics:
    async def test_admin_adds_and_relabels_a_topic(
        self, client: httpx.AsyncClient, admin: dict[str, str], database_url: str
    ) -> None:
        code = f"language-courses-{uuid.uuid4().hex[:6]}"
        try:
            await self._adds_and_relabels(client, admin, code)
        finally:  # topics are kept between tests (reference data): leave only the seeded ones
            engine = create_engine(database_url)
            async with engine.begin() as connection:
                await connection.execute(delete(Topic).where(Topic.code == code))
            await engine.dispose()

    async def _adds_and_relabels(self, client: httpx.AsyncClient, admin: dict[str, str], code: str) -> None:
        created = await client.post(
            f"{API}/topics", json={"code": code, "labels": {"en": "Language courses"}}, headers=admin
        )
        assert created.status_code == 201, created.text
        changed = await client.patch(
            f"{API}/topics/{code}", json={"labels": {"it": "Corsi di lingua"}}, headers=admin
        )
        assert changed.json()["labels"] == {"en": "Language courses", "it": "Corsi di lingua"}
        italian = await client.get(f"{API}/topics", headers={"Accept-Language": "it"})
        assert {t["code"]: t["label"] for t in italian.json()}[code] == "Corsi di lingua"
        duplicate = await client.post(
            f"{API}/topics", json={"code": code, "labels": {"en": "X"}}, headers=admin
        )
        assert duplicate.status_code == 409

    async def test_editors_and_anonymous_may_not(
        self, client: httpx.AsyncClient, editor: dict[str, str]
    ) -> None:
        body = {"code": "not-allowed", "labels": {"en": "No"}}
        assert (await client.post(f"{API}/topics", json=body)).status_code == 401
        assert (await client.post(f"{API}/topics", json=body, headers=editor)).status_code == 403
        patch = await client.patch(f"{API}/topics/health", json={"position": 1}, headers=editor)
        assert patch.status_code == 403

    async def test_english_label_is_required(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        response = await client.post(
            f"{API}/topics", json={"code": "only-french", "labels": {"fr": "Seulement"}}, headers=admin
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "labels"

    async def test_a_position_that_is_no_integer_is_refused(
        self, client: httpx.AsyncClient, admin: dict[str, str]
    ) -> None:
        """`false` used to be stored as position 0: the document says integer."""
        for position in (False, "3"):
            response = await client.patch(f"{API}/topics/health", json={"position": position}, headers=admin)
            assert response.status_code == 422
            assert [error["field"] for error in response.json()["errors"]] == ["position"]
        listed = (await client.get(f"{API}/topics")).json()
        assert next(topic for topic in listed if topic["code"] == "health")["position"] != 0

    async def test_unknown_topic_is_404(self, client: httpx.AsyncClient, admin: dict[str, str]) -> None:
        response = await client.patch(f"{API}/topics/nope", json={"position": 3}, headers=admin)
        assert response.status_code == 404
