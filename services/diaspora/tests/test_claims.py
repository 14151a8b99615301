"""Claiming an imported record: a diaspora member whose token carries a verified email takes over
the record without a user that holds that email."""

from __future__ import annotations

import httpx
import pytest
from diaspora_helpers import API, bearer, register
from sqlalchemy import select

from imis_diaspora.members.models import MemberClaim
from imis_shared.db import create_engine
from imis_testing import SigningKey

CLAIM = f"{API}/members/me/claim"
CSV = (
    "full_name,date_of_birth,citizenships,residence_country,email\n"
    "Hoda Samir,1979-11-23,EG,IT,hoda@example.org\n"
    "Tarek Aziz,1990-02-14,EG,DE,\n"
)


def verified(
    key: SigningKey, subject: str, email: str, *roles: str, email_verified: object = True
) -> dict[str, str]:
    token = key.token(
        subject, roles=list(roles or ("diaspora_member",)), email=email, email_verified=email_verified
    )
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def imported(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    response = await client.post(
        f"{API}/members/import", files={"file": ("list.csv", CSV.encode(), "text/csv")}, headers=officer
    )
    assert response.status_code == 200 and response.json()["imported"] == 2, response.text


async def claims_in(database_url: str) -> list[MemberClaim]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = (await connection.execute(select(MemberClaim.__table__))).mappings().all()
    finally:
        await engine.dispose()
    return [MemberClaim(**row) for row in rows]


@pytest.mark.usefixtures("imported")
class TestClaim:
    async def test_a_verified_email_claims_the_imported_record(
        self, client: httpx.AsyncClient, signing_key: SigningKey, database_url: str
    ) -> None:
        # The token's email differs in case only: emails compare normalised, as the service stores them.
        hoda = verified(signing_key, "user-hoda", "Hoda@Example.org")
        response = await client.post(CLAIM, headers=hoda)
        assert response.status_code == 200, response.text
        assert response.json()["full_name"] == "Hoda Samir" and response.json()["user_id"] == "user-hoda"
        own = await client.get(f"{API}/members/me", headers=hoda)
        assert own.status_code == 200 and own.json()["id"] == response.json()["id"]
        changed = await client.patch(f"{API}/members/me", json={"residence_city": "Roma"}, headers=hoda)
        assert changed.status_code == 200 and changed.json()["residence_city"] == "Roma"
        [claim] = await claims_in(database_url)
        assert (claim.user_id, claim.email, str(claim.member_id)) == (
            "user-hoda",
            "hoda@example.org",
            response.json()["id"],
        )

    async def test_a_second_claim_is_refused(
        self, client: httpx.AsyncClient, signing_key: SigningKey, database_url: str
    ) -> None:
        hoda = verified(signing_key, "user-hoda", "hoda@example.org")
        assert (await client.post(CLAIM, headers=hoda)).status_code == 200
        again = await client.post(CLAIM, headers=hoda)
        assert again.status_code == 409
        # Someone else with the same verified email finds no unclaimed record any more.
        other = verified(signing_key, "user-other", "hoda@example.org")
        assert (await client.post(CLAIM, headers=other)).status_code == 404
        assert len(await claims_in(database_url)) == 1

    async def test_a_user_with_a_record_of_their_own_cannot_claim(
        self, client: httpx.AsyncClient, signing_key: SigningKey, officer: dict[str, str]
    ) -> None:
        hoda = verified(signing_key, "user-hoda", "hoda@example.org")
        await register(client, hoda, email="hoda.private@example.org")
        response = await client.post(CLAIM, headers=hoda)
        assert response.status_code == 409
        own = await client.get(f"{API}/members/me", headers=hoda)
        assert own.json()["email"] == "hoda.private@example.org"
        listed = await client.get(f"{API}/members", params={"limit": 100}, headers=officer)
        imported = [m for m in listed.json()["items"] if m["email"] == "hoda@example.org"]
        assert [m["user_id"] for m in imported] == [None]

    async def test_no_unclaimed_record_with_the_email_is_a_404(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        response = await client.post(CLAIM, headers=verified(signing_key, "user-x", "nobody@example.org"))
        assert response.status_code == 404

    async def test_a_record_registered_by_its_user_cannot_be_claimed(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        owner = verified(signing_key, "user-owner", "owner@example.org")
        await register(client, owner, email="owner@example.org")
        response = await client.post(CLAIM, headers=verified(signing_key, "user-thief", "owner@example.org"))
        assert response.status_code == 404

    @pytest.mark.parametrize("email_verified", [False, "true", None])
    async def test_an_unverified_email_is_refused_saying_why(
        self, client: httpx.AsyncClient, signing_key: SigningKey, email_verified: object
    ) -> None:
        headers = verified(signing_key, "user-hoda", "hoda@example.org", email_verified=email_verified)
        response = await client.post(CLAIM, headers=headers)
        assert response.status_code == 403
        assert response.headers["content-type"] == "application/problem+json"
        assert "verified email" in response.json()["detail"]
        assert (await client.get(f"{API}/members/me", headers=headers)).status_code == 404

    async def test_a_token_without_email_is_refused(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        response = await client.post(CLAIM, headers=member)
        assert response.status_code == 403 and "verified email" in response.json()["detail"]

    async def test_only_diaspora_members_claim(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        seeker = verified(signing_key, "user-hoda", "hoda@example.org", "job_seeker")
        officer = verified(signing_key, "officer-9", "hoda@example.org", "officer")
        assert (await client.post(CLAIM, headers=seeker)).status_code == 403
        assert (await client.post(CLAIM, headers=officer)).status_code == 403
        assert (await client.post(CLAIM)).status_code == 401
        assert (
            await client.post(CLAIM, headers=bearer(signing_key, "x", "diaspora_member"))
        ).status_code == 403
