"""Assisted registration: an officer registers a walk-in job seeker (no email, maybe no phone) with
the consent the person gave in person; the person claims the profile later with a one-time code;
every answer to the consent question is kept in the seeker's consent history."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, seeker_body
from sqlalchemy import select, update

from imis_jobs.config import JobsSettings
from imis_jobs.seekers.models import JobSeeker, SeekerClaimFailure
from imis_jobs.seekers.schemas import DISCOVERABLE_TEXT_VERSION
from imis_jobs.seekers.service import MAX_FAILED_CLAIMS
from imis_shared.db import Database
from imis_testing import SigningKey

URL = "/api/v1/jobs/seekers"
CLAIM = f"{URL}/me/claim"
CODE = re.compile(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}")


def walk_in_body(**changes: Any) -> dict[str, Any]:
    """A person at the labour office: no email, no phone; they agreed, in Arabic, to form 7.2's words."""
    body = seeker_body(
        full_name="Said Hassan",
        discoverable=True,
        consent_text_version="form-7.2",
        consent_language="ar",
    )
    del body["email"], body["phone"]
    body.update(changes)
    return body


async def register(client: httpx.AsyncClient, officer: dict[str, str], **changes: Any) -> dict[str, Any]:
    response = await client.post(URL, json=walk_in_body(**changes), headers=officer)
    assert response.status_code == 201, response.text
    registered: dict[str, Any] = response.json()
    return registered


async def write_directly(settings: JobsSettings, seeker_id: str, **values: Any) -> None:
    """Change a profile's row in the database: the API never sets a code's expiry in the past."""
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            await session.execute(
                update(JobSeeker).where(JobSeeker.id == uuid.UUID(seeker_id)).values(**values)
            )
            await session.commit()
    finally:
        await database.dispose()


async def read_directly(settings: JobsSettings, model: Any) -> list[Any]:
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            return list(await session.scalars(select(model)))
    finally:
        await database.dispose()


async def consents(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def listed(client: httpx.AsyncClient, officer: dict[str, str], **params: str) -> list[str]:
    response = await client.get(URL, params=params, headers=officer)
    assert response.status_code == 200, response.text
    return [seeker["full_name"] for seeker in response.json()["items"]]


@pytest.fixture
def walk_in(signing_key: SigningKey) -> dict[str, str]:
    """The person, once they created their own `job_seeker` account."""
    return bearer(signing_key, "walk-in-1", "job_seeker")


class TestOfficerRegistersAWalkInSeeker:
    async def test_without_email_or_phone_with_the_consent_given_in_person(
        self, client: httpx.AsyncClient, officer: dict[str, str], settings: JobsSettings
    ) -> None:
        registered = await register(client, officer)
        profile, claim = registered["profile"], registered["claim"]
        assert (profile["user_id"], profile["registered_by"]) == (None, "officer-1")
        assert profile["email"] is None and profile["phone"] is None and profile["discoverable"] is True
        assert CODE.fullmatch(claim["code"]) and claim["seeker_id"] == profile["id"]
        expires_at = datetime.fromisoformat(claim["expires_at"])
        expected = datetime.now(UTC) + timedelta(days=settings.claim_code_days)
        assert abs(expires_at - expected) < timedelta(minutes=1)
        assert datetime.fromisoformat(profile["claim_code_expires_at"]) == expires_at

        read = await client.get(f"{URL}/{profile['id']}", headers=officer)
        assert read.status_code == 200 and read.json()["full_name"] == "Said Hassan"
        assert claim["code"] not in read.text  # shown only once
        [consent] = await consents(client, f"{URL}/{profile['id']}/consents", officer)
        assert consent == {
            "purpose": "discoverable",
            "programme_id": None,
            "granted": True,
            "text_version": "form-7.2",
            "language": "ar",
            "channel": "in_person",
            "recorded_by": "officer-1",
            "recorded_at": consent["recorded_at"],
        }

    async def test_only_the_codes_hash_is_stored(
        self, client: httpx.AsyncClient, officer: dict[str, str], settings: JobsSettings
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        [row] = await read_directly(settings, JobSeeker)
        assert row.claim_code_hash == hashlib.sha256(code.replace("-", "").encode()).hexdigest()
        assert code not in str(vars(row)) and code.replace("-", "") not in str(vars(row))

    async def test_a_refusal_in_person_is_recorded_too(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        profile = (await register(client, officer, discoverable=False))["profile"]
        assert profile["discoverable"] is False
        [consent] = await consents(client, f"{URL}/{profile['id']}/consents", officer)
        assert consent["granted"] is False and consent["channel"] == "in_person"

    async def test_the_officers_list_shows_the_unclaimed_profile(
        self, client: httpx.AsyncClient, officer: dict[str, str], seeker: dict[str, str]
    ) -> None:
        await register(client, officer)
        assert (await client.post(f"{URL}/me", json=seeker_body(), headers=seeker)).status_code == 201
        assert await listed(client, officer) == ["Mona Adel", "Said Hassan"]
        assert await listed(client, officer, claimed="false") == ["Said Hassan"]
        assert await listed(client, officer, claimed="true") == ["Mona Adel"]

    async def test_an_admin_registers_too(self, client: httpx.AsyncClient, signing_key: SigningKey) -> None:
        admin = bearer(signing_key, "admin-1", "admin")
        assert (await register(client, admin))["profile"]["registered_by"] == "admin-1"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"email": "said@example.test"}, "email"),  # an email given is validated as always
            ({"email": "not an email"}, "email"),
            ({"consent_language": "de"}, "consent_language"),
            ({"consent_text_version": "form 7 / 2"}, "consent_text_version"),
            ({"consent_text_version": None}, "consent_text_version"),
            ({"discoverable": None}, "discoverable"),
            ({"date_of_birth": "2020-01-01"}, "date_of_birth"),
            ({"user_id": "someone"}, "user_id"),
            ({"registered_by": "officer-2"}, "registered_by"),
        ],
    )
    async def test_bad_input_names_the_field(
        self, client: httpx.AsyncClient, officer: dict[str, str], changes: dict[str, Any], field: str
    ) -> None:
        response = await client.post(URL, json=walk_in_body(**changes), headers=officer)
        assert response.status_code == 422, response.text
        assert field in {error["field"] for error in response.json()["errors"]}
        assert await listed(client, officer) == []

    @pytest.mark.parametrize("field", ["discoverable", "consent_text_version", "consent_language"])
    async def test_the_consent_given_in_person_is_required(
        self, client: httpx.AsyncClient, officer: dict[str, str], field: str
    ) -> None:
        body = walk_in_body()
        del body[field]
        response = await client.post(URL, json=body, headers=officer)
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == [field]

    async def test_an_email_given_is_kept(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        profile = (await register(client, officer, email="Said@Example.org"))["profile"]
        assert profile["email"] == "said@example.org"


class TestClaim:
    async def test_the_person_claims_the_profile_with_a_fresh_account(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        registered = await register(client, officer)
        assert (await client.get(f"{URL}/me", headers=walk_in)).status_code == 404
        response = await client.post(CLAIM, json={"code": registered["claim"]["code"]}, headers=walk_in)
        assert response.status_code == 200, response.text
        claimed = response.json()
        assert claimed["id"] == registered["profile"]["id"] and claimed["user_id"] == "walk-in-1"
        assert claimed["claimed_at"] and claimed["claim_code_expires_at"] is None
        assert claimed["registered_by"] == "officer-1"
        own = await client.get(f"{URL}/me", headers=walk_in)
        assert own.status_code == 200 and own.json()["id"] == claimed["id"]
        [consent] = await consents(client, f"{URL}/me/consents", walk_in)
        assert (consent["channel"], consent["text_version"], consent["recorded_by"]) == (
            "in_person",
            "form-7.2",
            "officer-1",
        )
        assert await listed(client, officer, claimed="false") == []

    async def test_the_code_is_read_without_case_spaces_or_dashes(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        typed = " ".join(code.replace("-", "").lower())
        assert (await client.post(CLAIM, json={"code": typed}, headers=walk_in)).status_code == 200

    async def test_a_wrong_code_is_a_404(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        wrong = ("3" if code[0] != "3" else "4") + code[1:]
        response = await client.post(CLAIM, json={"code": wrong}, headers=walk_in)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert (await client.get(f"{URL}/me", headers=walk_in)).status_code == 404
        assert await listed(client, officer, claimed="false") == ["Said Hassan"]

    async def test_an_expired_code_is_a_404(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        walk_in: dict[str, str],
        settings: JobsSettings,
    ) -> None:
        registered = await register(client, officer)
        yesterday = datetime.now(UTC) - timedelta(days=1)
        await write_directly(settings, registered["profile"]["id"], claim_code_expires_at=yesterday)
        response = await client.post(CLAIM, json={"code": registered["claim"]["code"]}, headers=walk_in)
        assert response.status_code == 404
        # The officer gives a fresh one, which works.
        fresh = await client.post(f"{URL}/{registered['profile']['id']}/claim-code", headers=officer)
        assert fresh.status_code == 200
        assert (
            await client.post(CLAIM, json={"code": fresh.json()["code"]}, headers=walk_in)
        ).status_code == 200

    async def test_a_reissued_code_invalidates_the_old_one(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        registered = await register(client, officer)
        old = registered["claim"]["code"]
        response = await client.post(f"{URL}/{registered['profile']['id']}/claim-code", headers=officer)
        assert response.status_code == 200, response.text
        new = response.json()
        assert CODE.fullmatch(new["code"]) and new["code"] != old
        assert new["seeker_id"] == registered["profile"]["id"]
        assert (await client.post(CLAIM, json={"code": old}, headers=walk_in)).status_code == 404
        assert (await client.post(CLAIM, json={"code": new["code"]}, headers=walk_in)).status_code == 200

    async def test_a_second_claim_is_refused_and_a_spent_code_no_longer_works(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        walk_in: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        assert (await client.post(CLAIM, json={"code": code}, headers=walk_in)).status_code == 200
        assert (await client.post(CLAIM, json={"code": code}, headers=walk_in)).status_code == 409
        other = bearer(signing_key, "walk-in-2", "job_seeker")
        assert (await client.post(CLAIM, json={"code": code}, headers=other)).status_code == 404
        assert (await client.get(f"{URL}/me", headers=other)).status_code == 404

    async def test_a_user_with_a_profile_cannot_claim(
        self, client: httpx.AsyncClient, officer: dict[str, str], seeker: dict[str, str]
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        assert (await client.post(f"{URL}/me", json=seeker_body(), headers=seeker)).status_code == 201
        assert (await client.post(CLAIM, json={"code": code}, headers=seeker)).status_code == 409
        assert (await client.get(f"{URL}/me", headers=seeker)).json()["full_name"] == "Mona Adel"
        assert await listed(client, officer, claimed="false") == ["Said Hassan"]

    async def test_no_code_for_a_claimed_profile_and_none_for_an_unknown_one(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        registered = await register(client, officer)
        await client.post(CLAIM, json={"code": registered["claim"]["code"]}, headers=walk_in)
        claimed = await client.post(f"{URL}/{registered['profile']['id']}/claim-code", headers=officer)
        assert claimed.status_code == 409
        unknown = await client.post(f"{URL}/{uuid.uuid4()}/claim-code", headers=officer)
        assert unknown.status_code == 404

    async def test_guessing_is_bounded_per_user(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        walk_in: dict[str, str],
        signing_key: SigningKey,
        settings: JobsSettings,
    ) -> None:
        """Ten wrong codes a day, then 429 even for the right one; each failure is kept although the
        request failed. Another user is not held back."""
        code = (await register(client, officer))["claim"]["code"]
        for guess in range(MAX_FAILED_CLAIMS):
            response = await client.post(CLAIM, json={"code": f"ZZZZZ-{guess:05d}"}, headers=walk_in)
            assert response.status_code == 404
        assert len(await read_directly(settings, SeekerClaimFailure)) == MAX_FAILED_CLAIMS
        refused = await client.post(CLAIM, json={"code": code}, headers=walk_in)
        assert refused.status_code == 429
        assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
        assert (await client.get(f"{URL}/me", headers=walk_in)).status_code == 404
        assert len(await read_directly(settings, SeekerClaimFailure)) == MAX_FAILED_CLAIMS
        other = bearer(signing_key, "walk-in-2", "job_seeker")
        assert (await client.post(CLAIM, json={"code": code}, headers=other)).status_code == 200

    async def test_failures_older_than_a_day_no_longer_count(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        walk_in: dict[str, str],
        settings: JobsSettings,
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        database = Database(settings.database_url)
        try:
            async with database.sessionmaker() as session:
                long_ago = datetime.now(UTC) - timedelta(days=1, minutes=1)
                session.add_all(
                    SeekerClaimFailure(user_id="walk-in-1", failed_at=long_ago)
                    for _ in range(MAX_FAILED_CLAIMS)
                )
                await session.commit()
        finally:
            await database.dispose()
        assert (await client.post(CLAIM, json={"code": code}, headers=walk_in)).status_code == 200

    @pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": "X" * 41}, {"code": "ABCDE-FGHJK", "x": 1}])
    async def test_a_malformed_body_is_a_422(
        self, client: httpx.AsyncClient, walk_in: dict[str, str], body: dict[str, Any]
    ) -> None:
        assert (await client.post(CLAIM, json=body, headers=walk_in)).status_code == 422


class TestWhoMayCall:
    """Registering and issuing codes: officers and admins in person. Claiming: job seekers. Reading
    a seeker's consent history: officers and admins in person; one's own: the seeker."""

    @pytest.fixture
    def refused(self, signing_key: SigningKey) -> dict[str, dict[str, str]]:
        return {
            "employer": bearer(signing_key, "employer-1", "employer"),
            "seeker": bearer(signing_key, "seeker-9", "job_seeker"),
            "editor": bearer(signing_key, "editor-1", "editor"),
            "machine": client_bearer(signing_key, "ministry-it", "jobs:read jobs:seekers:read jobs:write"),
            # A client's token naming a role is still a machine's, never an officer in person.
            "machine with a role": {
                "Authorization": "Bearer "
                + signing_key.token(
                    "ministry-it", roles=["officer"], scope="jobs:read", client_id="ministry-it"
                )
            },
        }

    async def test_others_cannot_register_or_issue_codes(
        self, client: httpx.AsyncClient, officer: dict[str, str], refused: dict[str, dict[str, str]]
    ) -> None:
        seeker_id = (await register(client, officer))["profile"]["id"]
        for who, headers in refused.items():
            assert (await client.post(URL, json=walk_in_body(), headers=headers)).status_code == 403, who
            reissue = await client.post(f"{URL}/{seeker_id}/claim-code", headers=headers)
            assert reissue.status_code == 403, who
            history = await client.get(f"{URL}/{seeker_id}/consents", headers=headers)
            assert history.status_code == 403, who
        assert (await client.post(URL, json=walk_in_body())).status_code == 401
        assert (await client.post(f"{URL}/{seeker_id}/claim-code")).status_code == 401
        assert (await client.get(f"{URL}/{seeker_id}/consents")).status_code == 401
        assert await listed(client, officer) == ["Said Hassan"]

    async def test_only_job_seekers_claim(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        refused: dict[str, dict[str, str]],
        signing_key: SigningKey,
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        callers = {**refused, "officer": officer, "admin": bearer(signing_key, "admin-1", "admin")}
        del callers["seeker"]
        for who, headers in callers.items():
            assert (await client.post(CLAIM, json={"code": code}, headers=headers)).status_code == 403, who
        assert (await client.post(CLAIM, json={"code": code})).status_code == 401
        assert await listed(client, officer, claimed="false") == ["Said Hassan"]

    async def test_own_history_is_for_job_seekers_with_a_profile(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        assert (await client.get(f"{URL}/me/consents", headers=walk_in)).status_code == 404
        assert (await client.get(f"{URL}/me/consents", headers=officer)).status_code == 403
        assert (await client.get(f"{URL}/me/consents")).status_code == 401

    async def test_officers_read_any_seekers_history_and_404_for_none(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        seeker_id = (await register(client, officer))["profile"]["id"]
        admin = bearer(signing_key, "admin-1", "admin")
        assert len(await consents(client, f"{URL}/{seeker_id}/consents", admin)) == 1
        assert (await client.get(f"{URL}/{uuid.uuid4()}/consents", headers=officer)).status_code == 404


class TestSelfServiceConsentHistory:
    async def test_each_answer_of_the_seeker_is_recorded(
        self, client: httpx.AsyncClient, seeker: dict[str, str], officer: dict[str, str]
    ) -> None:
        created = await client.post(f"{URL}/me", json=seeker_body(discoverable=True), headers=seeker)
        assert created.status_code == 201
        seeker_id = created.json()["id"]

        async def patch(**body: Any) -> None:
            response = await client.patch(f"{URL}/me", json=body, headers=seeker)
            assert response.status_code == 200, response.text

        await patch(discoverable=False, consent_language="ar")
        await patch(discoverable=False)  # no change, no version: not an answer
        await patch(full_name="Mona A. Adel")
        await patch(discoverable=True, consent_text_version="app-3", consent_language="it")
        await patch(discoverable=True, consent_text_version="app-4")  # agreeing again to new words
        history = await consents(client, f"{URL}/me/consents", seeker)
        assert [(c["granted"], c["text_version"], c["language"]) for c in history] == [
            (True, DISCOVERABLE_TEXT_VERSION, "en"),
            (False, DISCOVERABLE_TEXT_VERSION, "ar"),
            (True, "app-3", "it"),
            (True, "app-4", "en"),
        ]
        assert {(c["channel"], c["recorded_by"], c["purpose"]) for c in history} == {
            ("self_service", "seeker-1", "discoverable")
        }
        assert await consents(client, f"{URL}/{seeker_id}/consents", officer) == history
        page = (
            await client.get(f"{URL}/me/consents", params={"limit": 1, "offset": 3}, headers=seeker)
        ).json()
        assert page["total"] == 4 and [c["text_version"] for c in page["items"]] == ["app-4"]

    async def test_a_profile_created_without_consent_has_no_history(
        self, client: httpx.AsyncClient, seeker: dict[str, str]
    ) -> None:
        body = seeker_body()
        del body["discoverable"]
        assert (await client.post(f"{URL}/me", json=body, headers=seeker)).status_code == 201
        assert await consents(client, f"{URL}/me/consents", seeker) == []

    @pytest.mark.parametrize("field", ["consent_text_version", "consent_language"])
    async def test_the_words_are_read_only_with_an_answer(
        self, client: httpx.AsyncClient, seeker: dict[str, str], field: str
    ) -> None:
        value = "en" if field == "consent_language" else "app-3"
        body = seeker_body(**{field: value})
        del body["discoverable"]
        response = await client.post(f"{URL}/me", json=body, headers=seeker)
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == [field]
        assert (await client.post(f"{URL}/me", json=seeker_body(), headers=seeker)).status_code == 201
        patched = await client.patch(f"{URL}/me", json={field: value}, headers=seeker)
        assert patched.status_code == 422
        assert len(await consents(client, f"{URL}/me/consents", seeker)) == 1

    async def test_the_export_holds_the_history(
        self, client: httpx.AsyncClient, officer: dict[str, str], walk_in: dict[str, str]
    ) -> None:
        code = (await register(client, officer))["claim"]["code"]
        await client.post(CLAIM, json={"code": code}, headers=walk_in)
        await client.patch(f"{URL}/me", json={"discoverable": False}, headers=walk_in)
        export = await client.get(f"{URL}/me/export", headers=walk_in)
        assert export.status_code == 200, export.text
        assert [(c["channel"], c["granted"]) for c in export.json()["consents"]] == [
            ("in_person", True),
            ("self_service", False),
        ]
        assert export.json()["profile"]["user_id"] == "walk-in-1"

    async def test_erasure_removes_a_claimed_profile_and_its_history(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        walk_in: dict[str, str],
    ) -> None:
        registered = await register(client, officer)
        await client.post(CLAIM, json={"code": registered["claim"]["code"]}, headers=walk_in)
        assert (await client.delete(f"{URL}/me", headers=walk_in)).status_code == 204
        seeker_id = registered["profile"]["id"]
        assert (await client.get(f"{URL}/{seeker_id}/consents", headers=officer)).status_code == 404
        assert await listed(client, officer) == []
