"""Programme rules: seasons with their own period and quota, places reserved per citizenship, and the
return owed after a maximum stay. No quota is ever exceeded, whatever arrives at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import (
    bearer,
    client_bearer,
    programme_body,
    published_vacancy,
    seeker_body,
    today,
    vacancy_body,
    verified_employer,
)

from imis_jobs.applications import router as applications_router
from imis_jobs.programmes.service import add_months
from imis_testing import SigningKey

URL = "/api/v1/jobs/programmes"


def days(offset: int) -> str:
    return (today() + timedelta(days=offset)).isoformat()


def season_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "2027 summer harvest",
        "starts_on": days(-10),
        "ends_on": days(100),
        "quota": 2,
    }
    body.update(changes)
    return body


async def create_programme(
    client: httpx.AsyncClient, officer: dict[str, str], **changes: Any
) -> dict[str, Any]:
    response = await client.post(URL, json=programme_body(**changes), headers=officer)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def create_season(
    client: httpx.AsyncClient, officer: dict[str, str], programme: dict[str, Any], **changes: Any
) -> dict[str, Any]:
    response = await client.post(
        f"{URL}/{programme['id']}/seasons", json=season_body(**changes), headers=officer
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def reserve(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    programme: dict[str, Any],
    citizenship: str,
    quota: int,
) -> httpx.Response:
    return await client.post(
        f"{URL}/{programme['id']}/citizenship-quotas",
        json={"citizenship": citizenship, "quota": quota},
        headers=officer,
    )


async def published(
    client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], **changes: Any
) -> dict[str, Any]:
    return await published_vacancy(client, owner, officer, positions=20, **changes)


async def step(
    client: httpx.AsyncClient, headers: dict[str, str], application_id: str, to: str, **fields: Any
) -> httpx.Response:
    return await client.post(
        f"/api/v1/jobs/applications/{application_id}/transitions", json={"to": to, **fields}, headers=headers
    )


async def offered(
    client: httpx.AsyncClient,
    signing_key: SigningKey,
    owner: dict[str, str],
    vacancy: dict[str, Any],
    index: int,
    citizenship: str = "EG",
) -> tuple[dict[str, str], str]:
    """A seeker's application to ``vacancy``, offered: the seeker's headers and its id."""
    seeker = bearer(signing_key, f"seeker-{citizenship}-{index}", "job_seeker")
    profile = seeker_body(full_name=f"Seeker {citizenship} {index}", citizenship=citizenship)
    assert (await client.post("/api/v1/jobs/seekers/me", json=profile, headers=seeker)).status_code == 201
    applied = await client.post(
        f"/api/v1/jobs/vacancies/{vacancy['id']}/applications", json={}, headers=seeker
    )
    assert applied.status_code == 201, applied.text
    for to in ("shortlisted", "offered"):
        assert (await step(client, owner, applied.json()["id"], to)).status_code == 200
    return seeker, applied.json()["id"]


async def accept(client: httpx.AsyncClient, offer: tuple[dict[str, str], str]) -> httpx.Response:
    seeker, application_id = offer
    return await step(client, seeker, application_id, "accepted")


async def state(client: httpx.AsyncClient, programme: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"{URL}/{programme['id']}")).json()
    return found


def used(programme: dict[str, Any]) -> tuple[int, list[int], dict[str, int]]:
    """Places used: the programme's, each season's, each citizenship's."""
    return (
        programme["quota_used"],
        [season["quota_used"] for season in programme["seasons"]],
        {quota["citizenship"]: quota["quota_used"] for quota in programme["citizenship_quotas"]},
    )


class TestSeasons:
    async def test_officers_add_list_and_change_seasons(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer)
        season = await create_season(client, officer, programme)
        assert (season["programme_id"], season["quota"], season["quota_used"], season["quota_remaining"]) == (
            programme["id"],
            2,
            0,
            2,
        )
        later = await create_season(
            client, officer, programme, name="2028 summer", starts_on=days(200), ends_on=days(300)
        )
        listed = (await client.get(f"{URL}/{programme['id']}/seasons")).json()
        assert (listed["total"], [s["id"] for s in listed["items"]]) == (2, [season["id"], later["id"]])
        assert [s["name"] for s in (await state(client, programme))["seasons"]] == [
            "2027 summer harvest",
            "2028 summer",
        ]
        url = f"{URL}/{programme['id']}/seasons/{season['id']}"
        changed = await client.patch(url, json={"quota": 5, "name": "2027 harvest"}, headers=officer)
        assert changed.status_code == 200, changed.text
        assert (changed.json()["quota"], changed.json()["quota_remaining"], changed.json()["name"]) == (
            5,
            5,
            "2027 harvest",
        )

    async def test_bad_changes_are_named(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        programme = await create_programme(client, officer)  # runs from 30 days ago for a year
        season = await create_season(client, officer, programme)
        await create_season(
            client, officer, programme, name="2028 summer", starts_on=days(200), ends_on=days(300)
        )
        url = f"{URL}/{programme['id']}/seasons/{season['id']}"
        for body, field in (
            ({}, "body"),
            ({"quota": 0}, "quota"),
            ({"quota": None}, "quota"),
            ({"quota_used": 0}, "quota_used"),
            ({"ends_on": days(-20)}, "ends_on"),
            ({"starts_on": days(150)}, "starts_on"),
            ({"starts_on": days(-60)}, "starts_on"),
            ({"ends_on": days(400)}, "ends_on"),
        ):
            refused = await client.patch(url, json=body, headers=officer)
            assert refused.status_code == 422, (body, refused.text)
            assert [error["field"] for error in refused.json()["errors"]] == [field], body
        for body, field in (
            (season_body(starts_on=days(-60)), "starts_on"),
            (season_body(ends_on=days(-11)), "ends_on"),
            (season_body(quota=0), "quota"),
        ):
            refused = await client.post(f"{URL}/{programme['id']}/seasons", json=body, headers=officer)
            assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field, body
        twice = await client.post(f"{URL}/{programme['id']}/seasons", json=season_body(), headers=officer)
        assert twice.status_code == 409 and twice.json()["field"] == "name"
        renamed = await client.patch(url, json={"name": "2028 summer"}, headers=officer)
        assert renamed.status_code == 409 and renamed.json()["field"] == "name"
        assert (await client.get(f"{URL}/{programme['id']}/seasons")).json()["items"][0] == season

    async def test_a_season_is_found_only_under_its_programme(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer)
        other = await create_programme(client, officer, name="Italy-Egypt care workers")
        season = await create_season(client, officer, other)
        wrong = await client.patch(
            f"{URL}/{programme['id']}/seasons/{season['id']}", json={"quota": 3}, headers=officer
        )
        assert wrong.status_code == 404
        unknown = "00000000-0000-4000-8000-000000000000"
        assert (await client.get(f"{URL}/{unknown}/seasons")).status_code == 404
        assert (
            await client.post(f"{URL}/{unknown}/seasons", json=season_body(), headers=officer)
        ).status_code == 404

    async def test_the_quota_never_goes_below_the_places_used(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=10)
        season = await create_season(client, officer, programme, quota=3)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        for index in range(2):
            assert (
                await accept(client, await offered(client, signing_key, owner, vacancy, index))
            ).status_code == 200
        url = f"{URL}/{programme['id']}/seasons/{season['id']}"
        below = await client.patch(url, json={"quota": 1, "name": "renamed"}, headers=officer)
        assert below.status_code == 422 and below.json()["errors"][0]["field"] == "quota"
        assert "2 places" in below.json()["errors"][0]["message"]
        assert [(s["quota"], s["name"]) for s in (await state(client, programme))["seasons"]] == [
            (3, season["name"])  # nothing written
        ]
        assert (await client.patch(url, json={"quota": 2}, headers=officer)).json()["quota_remaining"] == 0


class TestSeasonPeriod:
    async def test_nothing_is_accepted_before_the_season_starts(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer)  # running now
        season = await create_season(client, officer, programme, starts_on=days(10))
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        offer = await offered(client, signing_key, owner, vacancy, 1)
        refused = await accept(client, offer)
        assert refused.status_code == 409 and refused.json()["reason"] == "outside_programme_period"
        assert days(10) in refused.json()["detail"] and season["name"] in refused.json()["detail"]
        assert used(await state(client, programme)) == (0, [0], {})
        url = f"{URL}/{programme['id']}/seasons/{season['id']}"
        assert (await client.patch(url, json={"starts_on": days(0)}, headers=officer)).status_code == 200
        assert (await accept(client, offer)).status_code == 200

    async def test_no_one_departs_after_the_season_ended(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer)
        season = await create_season(client, officer, programme)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        offer = await offered(client, signing_key, owner, vacancy, 1)
        assert (await accept(client, offer)).status_code == 200
        for to in ("contract_signed", "visa_issued"):
            assert (await step(client, officer, offer[1], to)).status_code == 200
        url = f"{URL}/{programme['id']}/seasons/{season['id']}"
        assert (await client.patch(url, json={"ends_on": days(-1)}, headers=officer)).status_code == 200
        refused = await step(client, officer, offer[1], "departed")
        assert refused.status_code == 409 and refused.json()["reason"] == "outside_programme_period"
        assert "ended on" in refused.json()["detail"]


class TestVacancySeason:
    async def test_a_vacancy_names_a_season_of_its_own_programme(
        self, client: httpx.AsyncClient, officer: dict[str, str], owner: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer)
        other = await create_programme(client, officer, name="Italy-Egypt care workers")
        season, foreign = (
            await create_season(client, officer, programme),
            await create_season(client, officer, other),
        )
        employer_id = await verified_employer(client, owner, officer)
        for changes in (
            {"programme_id": programme["id"], "season_id": foreign["id"]},
            {"season_id": season["id"]},
            {"programme_id": programme["id"], "season_id": "00000000-0000-4000-8000-000000000000"},
        ):
            refused = await client.post(
                "/api/v1/jobs/vacancies", json=vacancy_body(employer_id, **changes), headers=owner
            )
            assert refused.status_code == 422, changes
            assert [e["field"] for e in refused.json()["errors"]] == ["season_id"], changes
        body = vacancy_body(employer_id, programme_id=programme["id"], season_id=season["id"])
        created = await client.post("/api/v1/jobs/vacancies", json=body, headers=owner)
        assert created.status_code == 201 and created.json()["season_id"] == season["id"]
        url = f"/api/v1/jobs/vacancies/{created.json()['id']}"
        assert (await client.get(url, headers=owner)).json()["season_id"] == season["id"]
        moved = await client.patch(url, json={"season_id": foreign["id"]}, headers=owner)
        assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "season_id"
        cleared = await client.patch(url, json={"season_id": None}, headers=owner)
        assert cleared.status_code == 200 and cleared.json()["season_id"] is None


class TestSeasonPlaces:
    async def test_an_acceptance_takes_both_places_and_a_withdrawal_gives_both_back(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer)
        season = await create_season(client, officer, programme)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        offer = await offered(client, signing_key, owner, vacancy, 1)
        assert (await accept(client, offer)).status_code == 200
        assert used(await state(client, programme)) == (1, [1], {})
        assert (await step(client, offer[0], offer[1], "withdrawn")).status_code == 200
        assert used(await state(client, programme)) == (0, [0], {})

    async def test_a_full_season_refuses_while_the_programme_has_room(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=5)
        season = await create_season(client, officer, programme, quota=1)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        assert (
            await accept(client, await offered(client, signing_key, owner, vacancy, 1))
        ).status_code == 200
        refused = await accept(client, await offered(client, signing_key, owner, vacancy, 2))
        assert refused.status_code == 409
        assert (refused.json()["reason"], refused.json()["quota"]) == ("quota_full", "season")
        assert season["name"] in refused.json()["detail"]
        assert used(await state(client, programme)) == (1, [1], {})  # the programme's place went back

    async def test_a_full_programme_refuses_naming_it(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=1)
        season = await create_season(client, officer, programme, quota=3)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        assert (
            await accept(client, await offered(client, signing_key, owner, vacancy, 1))
        ).status_code == 200
        refused = await accept(client, await offered(client, signing_key, owner, vacancy, 2))
        assert (refused.status_code, refused.json()["quota"]) == (409, "programme")
        assert used(await state(client, programme)) == (1, [1], {})

    async def test_the_season_quota_holds_under_concurrent_acceptances(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=10)
        season = await create_season(client, officer, programme, quota=2)
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        offers = [await offered(client, signing_key, owner, vacancy, index) for index in range(6)]
        responses = await asyncio.gather(*(accept(client, offer) for offer in offers))
        assert sorted(response.status_code for response in responses) == [200] * 2 + [409] * 4
        assert {r.json()["quota"] for r in responses if r.status_code == 409} == {"season"}
        assert used(await state(client, programme)) == (2, [2], {})


class TestCitizenshipQuotas:
    async def test_officers_reserve_list_and_change(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=5)
        created = await reserve(client, officer, programme, "EG", 2)
        assert created.status_code == 201, created.text
        assert created.json() == {"citizenship": "EG", "quota": 2, "quota_used": 0, "quota_remaining": 2}
        assert (await reserve(client, officer, programme, "MA", 1)).status_code == 201
        listed = (await client.get(f"{URL}/{programme['id']}/citizenship-quotas")).json()
        assert (listed["total"], [q["citizenship"] for q in listed["items"]]) == (2, ["EG", "MA"])
        shown = await state(client, programme)
        assert (shown["quota_remaining"], shown["unreserved_remaining"]) == (5, 2)
        changed = await client.patch(
            f"{URL}/{programme['id']}/citizenship-quotas/EG", json={"quota": 3}, headers=officer
        )
        assert changed.status_code == 200 and changed.json()["quota_remaining"] == 3
        assert (await state(client, programme))["unreserved_remaining"] == 1

    async def test_bad_reservations_are_named(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=3)
        assert (await reserve(client, officer, programme, "EG", 2)).status_code == 201
        for citizenship, quota, field in (
            ("TN", 1, "citizenship"),
            ("XX", 1, "citizenship"),
            ("MA", 0, "quota"),
        ):
            refused = await reserve(client, officer, programme, citizenship, quota)
            assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field, citizenship
        twice = await reserve(client, officer, programme, "EG", 1)
        assert twice.status_code == 409 and twice.json()["field"] == "citizenship"
        base = f"{URL}/{programme['id']}/citizenship-quotas"
        assert (await client.patch(f"{base}/MA", json={"quota": 1}, headers=officer)).status_code == 404
        assert (await client.patch(f"{base}/XX", json={"quota": 1}, headers=officer)).status_code == 422
        for body, field in (({}, "quota"), ({"quota": 0}, "quota"), ({"quota": "2"}, "quota")):
            refused = await client.patch(f"{base}/EG", json=body, headers=officer)
            assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == field, body

    async def test_the_reserved_places_never_add_up_beyond_the_quota(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=3)
        assert (await reserve(client, officer, programme, "EG", 2)).status_code == 201
        above = await reserve(client, officer, programme, "MA", 2)
        assert above.status_code == 422 and above.json()["errors"][0]["field"] == "quota"
        assert "1 places" in above.json()["errors"][0]["message"]
        assert (await reserve(client, officer, programme, "MA", 1)).status_code == 201
        eg = f"{URL}/{programme['id']}/citizenship-quotas/EG"
        assert (await client.patch(eg, json={"quota": 3}, headers=officer)).status_code == 422
        lowered = await client.patch(f"{URL}/{programme['id']}", json={"quota": 2}, headers=officer)
        assert lowered.status_code == 422 and lowered.json()["errors"][0]["field"] == "quota"
        assert "reserved" in lowered.json()["errors"][0]["message"]
        assert [
            (q["citizenship"], q["quota"]) for q in (await state(client, programme))["citizenship_quotas"]
        ] == [
            ("EG", 2),
            ("MA", 1),
        ]


class TestReservedPlaces:
    async def test_a_full_reservation_refuses_while_the_programme_has_room(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=3)
        assert (await reserve(client, officer, programme, "EG", 1)).status_code == 201
        vacancy = await published(client, owner, officer, programme_id=programme["id"])
        assert (
            await accept(client, await offered(client, signing_key, owner, vacancy, 1))
        ).status_code == 200
        refused = await accept(client, await offered(client, signing_key, owner, vacancy, 2))
        assert refused.status_code == 409
        assert (refused.json()["reason"], refused.json()["quota"]) == ("quota_full", "citizenship")
        assert "EG" in refused.json()["detail"]
        assert used(await state(client, programme)) == (1, [], {"EG": 1})
        others = await offered(client, signing_key, owner, vacancy, 3, citizenship="MA")
        assert (await accept(client, others)).status_code == 200
        assert used(await state(client, programme)) == (2, [], {"EG": 1})

    async def test_others_take_only_the_places_nobody_reserved(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=3)
        assert (await reserve(client, officer, programme, "EG", 2)).status_code == 201
        vacancy = await published(client, owner, officer, programme_id=programme["id"])
        assert (
            await accept(client, await offered(client, signing_key, owner, vacancy, 1, "MA"))
        ).status_code == 200
        refused = await accept(client, await offered(client, signing_key, owner, vacancy, 2, "MA"))
        assert (refused.status_code, refused.json()["quota"]) == (409, "programme")
        for index in range(2):
            assert (
                await accept(client, await offered(client, signing_key, owner, vacancy, index))
            ).status_code == 200
        assert used(await state(client, programme)) == (3, [], {"EG": 2})

    async def test_a_withdrawal_gives_every_place_back(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=3)
        season = await create_season(client, officer, programme)
        assert (await reserve(client, officer, programme, "EG", 1)).status_code == 201
        vacancy = await published(
            client, owner, officer, programme_id=programme["id"], season_id=season["id"]
        )
        first, second = [await offered(client, signing_key, owner, vacancy, index) for index in range(2)]
        assert (await accept(client, first)).status_code == 200
        assert used(await state(client, programme)) == (1, [1], {"EG": 1})
        # the seeker's citizenship changing after acceptance does not move the place held
        await client.patch("/api/v1/jobs/seekers/me", json={"citizenship": "MA"}, headers=first[0])
        assert (await step(client, officer, first[1], "contract_signed")).status_code == 200
        assert (await step(client, first[0], first[1], "withdrawn")).status_code == 200
        assert used(await state(client, programme)) == (0, [0], {"EG": 0})
        assert (await accept(client, second)).status_code == 200

    async def test_a_reservation_never_goes_below_the_places_used(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, quota=5)
        assert (await reserve(client, officer, programme, "EG", 3)).status_code == 201
        vacancy = await published(client, owner, officer, programme_id=programme["id"])
        for index in range(2):
            assert (
                await accept(client, await offered(client, signing_key, owner, vacancy, index))
            ).status_code == 200
        url = f"{URL}/{programme['id']}/citizenship-quotas/EG"
        below = await client.patch(url, json={"quota": 1}, headers=officer)
        assert below.status_code == 422 and below.json()["errors"][0]["field"] == "quota"
        assert "2 places" in below.json()["errors"][0]["message"]
        assert (await client.patch(url, json={"quota": 2}, headers=officer)).json()["quota_remaining"] == 0

    async def test_a_reservation_holds_under_concurrent_acceptances(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=10)
        assert (await reserve(client, officer, programme, "EG", 2)).status_code == 201
        assert (await reserve(client, officer, programme, "MA", 7)).status_code == 201
        vacancy = await published(client, owner, officer, programme_id=programme["id"])
        offers = [await offered(client, signing_key, owner, vacancy, index) for index in range(6)]
        responses = await asyncio.gather(*(accept(client, offer) for offer in offers))
        assert sorted(response.status_code for response in responses) == [200] * 2 + [409] * 4
        assert {r.json()["quota"] for r in responses if r.status_code == 409} == {"citizenship"}
        assert used(await state(client, programme)) == (2, [], {"EG": 2, "MA": 0})

    async def test_unreserved_places_hold_under_concurrent_acceptances_and_reservations(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        """Others' acceptances and a new reservation at the same moment: the places used and those
        reserved still free never exceed the quota."""
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=4)
        vacancy = await published(client, owner, officer, programme_id=programme["id"])
        offers = [await offered(client, signing_key, owner, vacancy, index, "MA") for index in range(4)]
        reserved, *accepted = await asyncio.gather(
            reserve(client, officer, programme, "EG", 2), *(accept(client, offer) for offer in offers)
        )
        shown = await state(client, programme)
        taken = sum(response.status_code == 200 for response in accepted)
        eg_free = 2 if reserved.status_code == 201 else 0
        assert reserved.status_code in (201, 422)
        assert shown["quota_used"] == taken and taken + eg_free <= 4
        assert shown["unreserved_remaining"] == 4 - taken - eg_free >= 0


class TestReturn:
    def test_months_are_added_by_the_calendar(self) -> None:
        assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
        assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
        assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
        assert add_months(date(2027, 5, 15), 12) == date(2028, 5, 15)

    async def test_a_return_obligation_needs_a_maximum_stay(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        refused = await client.post(URL, json=programme_body(return_obligation=True), headers=officer)
        assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "return_obligation"
        bad = await client.post(URL, json=programme_body(max_stay_months=0), headers=officer)
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "max_stay_months"
        programme = await create_programme(client, officer, return_obligation=True, max_stay_months=9)
        assert (programme["max_stay_months"], programme["return_obligation"]) == (9, True)
        url = f"{URL}/{programme['id']}"
        cleared = await client.patch(url, json={"max_stay_months": None}, headers=officer)
        assert cleared.status_code == 422 and cleared.json()["errors"][0]["field"] == "max_stay_months"
        released = await client.patch(
            url, json={"return_obligation": False, "max_stay_months": None}, headers=officer
        )
        assert released.status_code == 200, released.text
        assert (released.json()["max_stay_months"], released.json()["return_obligation"]) == (None, False)

    async def test_the_departure_records_the_return_date(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        bound = await create_programme(client, officer, return_obligation=True, max_stay_months=6)
        free = await create_programme(
            client, officer, name="Italy-Egypt nurses, no return", max_stay_months=6
        )
        for programme, due in ((bound, add_months(today(), 6).isoformat()), (free, None)):
            vacancy = await published(client, owner, officer, programme_id=programme["id"])
            offer = await offered(client, signing_key, owner, vacancy, 1 if due else 2)
            assert (await accept(client, offer)).json()["return_due_on"] is None
            for to in ("contract_signed", "visa_issued"):
                assert (await step(client, officer, offer[1], to)).json()["return_due_on"] is None
            departed = await step(client, officer, offer[1], "departed")
            assert departed.status_code == 200 and departed.json()["return_due_on"] == due
            seen = (await client.get(f"/api/v1/jobs/applications/{offer[1]}", headers=offer[0])).json()
            assert seen["return_due_on"] == due

    async def test_officers_list_the_workers_overdue_for_return(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        programme = await create_programme(client, officer, return_obligation=True, max_stay_months=2)
        other = await create_programme(
            client, officer, name="Another", return_obligation=True, max_stay_months=2
        )
        departed = []
        for index, of in enumerate((programme, programme, programme, other)):
            vacancy = await published(client, owner, officer, programme_id=of["id"])
            offer = await offered(client, signing_key, owner, vacancy, index)
            assert (await accept(client, offer)).status_code == 200
            for to in ("contract_signed", "visa_issued", "departed"):
                assert (await step(client, officer, offer[1], to)).status_code == 200
            departed.append(offer)
        returned = await step(client, officer, departed[1][1], "returned", returned_as_agreed=True)
        assert returned.status_code == 200
        url = f"{URL}/{programme['id']}/overdue-returns"
        assert (await client.get(url, headers=officer)).json()["total"] == 0  # none due yet
        due = add_months(today(), 2)
        later = datetime.combine(due + timedelta(days=5), datetime.min.time(), UTC)
        monkeypatch.setattr(applications_router, "utcnow", lambda: later)  # asked five days after
        page = (await client.get(url, params={"limit": 1}, headers=officer)).json()
        assert page["total"] == 2 and len(page["items"]) == 1
        listed = (await client.get(url, headers=officer)).json()["items"]
        assert sorted(item["application_id"] for item in listed) == sorted([departed[0][1], departed[2][1]])
        assert {(item["return_due_on"], item["days_overdue"]) for item in listed} == {(due.isoformat(), 5)}
        assert listed[0]["seeker_name"].startswith("Seeker EG")
        assert (
            await client.get(f"{URL}/00000000-0000-4000-8000-000000000000/overdue-returns", headers=officer)
        ).status_code == 404


class TestWhoMayCall:
    async def test_only_officers_and_admins_change_and_list_overdue_returns(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer, eligible_citizenships=["EG", "MA"], quota=10)
        season = await create_season(client, officer, programme)
        assert (await reserve(client, officer, programme, "EG", 1)).status_code == 201
        base = f"{URL}/{programme['id']}"
        admin = bearer(signing_key, "admin-1", "admin")
        writes: list[tuple[str, str, dict[str, Any]]] = [
            ("post", f"{base}/seasons", season_body(name="2028 summer")),
            ("patch", f"{base}/seasons/{season['id']}", {"quota": 4}),
            ("post", f"{base}/citizenship-quotas", {"citizenship": "MA", "quota": 1}),
            ("patch", f"{base}/citizenship-quotas/EG", {"quota": 2}),
        ]
        refused = {
            "anonymous": ({}, 401),
            "employer": (owner, 403),
            "seeker": (bearer(signing_key, "seeker-x", "job_seeker"), 403),
            "machine client": (client_bearer(signing_key, "ministry-it", "jobs:read"), 403),
            "editor": (bearer(signing_key, "editor-1", "editor"), 403),
        }
        for method, path, body in writes:
            for who, (headers, status) in refused.items():
                response = await client.request(method, path, json=body, headers=headers)
                assert response.status_code == status, (who, method, path, response.text)
        for who, (headers, status) in refused.items():
            response = await client.get(f"{base}/overdue-returns", headers=headers)
            assert response.status_code == status, (who, response.text)
        # nothing was written by those refused
        assert used(await state(client, programme)) == (0, [0], {"EG": 0})
        assert [s["quota"] for s in (await state(client, programme))["seasons"]] == [2]
        for method, path, body in writes:
            response = await client.request(method, path, json=body, headers=admin)
            assert response.is_success, (method, path, response.text)
        assert (await client.get(f"{base}/overdue-returns", headers=admin)).status_code == 200

    async def test_anyone_reads_seasons_and_reservations(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        owner: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        programme = await create_programme(client, officer)
        await create_season(client, officer, programme)
        assert (await reserve(client, officer, programme, "EG", 1)).status_code == 201
        readers = [
            {},
            owner,
            bearer(signing_key, "seeker-x", "job_seeker"),
            client_bearer(signing_key, "ministry-it", "jobs:read"),
        ]
        for headers in readers:
            for path in ("seasons", "citizenship-quotas"):
                response = await client.get(f"{URL}/{programme['id']}/{path}", headers=headers)
                assert response.status_code == 200 and response.json()["total"] == 1, (headers, path)
            shown = (await client.get(f"{URL}/{programme['id']}", headers=headers)).json()
            assert len(shown["seasons"]) == len(shown["citizenship_quotas"]) == 1
