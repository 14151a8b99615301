"""The pre-screened pool: verified employers abroad search candidates the ministry has checked
(Tunisia's ATE model), ranked and explained, with nothing personal until an invitation is answered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import (
    SPECIALIST_NURSE,
    bearer,
    client_bearer,
    programme_body,
    published_vacancy,
    seeker_body,
    today,
    verified_employer,
)

from imis_shared import reference
from imis_testing import SigningKey

API = "/api/v1/jobs"
POOL = f"{API}/candidates"
NURSE_SKILLS = reference.occupation_skills()[SPECIALIST_NURSE][0]


def check(kind: str, **fields: Any) -> dict[str, Any]:
    body = {
        "kind": kind,
        "outcome": "passed",
        "checked_on": (today() - timedelta(days=10)).isoformat(),
        "valid_until": (today() + timedelta(days=300)).isoformat(),
    }
    return body | fields


def language_test(level: str, language: str = "it") -> dict[str, Any]:
    levels = dict.fromkeys(("reading", "writing", "listening", "speaking"), level)
    return check("language_test", language=language, **levels)


async def person(
    client: httpx.AsyncClient,
    signing_key: SigningKey,
    officer: dict[str, str],
    name: str,
    checks: list[dict[str, Any]],
    **profile: Any,
) -> str:
    """A seeker named ``name`` with ``checks`` recorded by the officer; returns their id."""
    created = await client.post(
        f"{API}/seekers/me",
        json=seeker_body(full_name=name, **profile),
        headers=bearer(signing_key, f"user-{name}", "job_seeker"),
    )
    assert created.status_code == 201, created.text
    seeker_id: str = created.json()["id"]
    for body in checks:
        recorded = await client.post(
            f"{API}/verifications", json=body | {"seeker_id": seeker_id}, headers=officer
        )
        assert recorded.status_code == 201, recorded.text
    return seeker_id


@pytest.fixture
async def pool(client: httpx.AsyncClient, signing_key: SigningKey, officer: dict[str, str]) -> dict[str, str]:
    """Seekers in and out of the pool, by name."""
    expired = check("interview", valid_until=(today() - timedelta(days=1)).isoformat())
    expired["checked_on"] = (today() - timedelta(days=400)).isoformat()
    skill = NURSE_SKILLS[0]
    return {
        "checked": await person(
            client,
            signing_key,
            officer,
            "Checked",
            [check("interview"), language_test("B2"), check("skill_test", skill_id=skill)],
            skills=[skill, NURSE_SKILLS[1]],
        ),
        "weak italian": await person(
            client,
            signing_key,
            officer,
            "Weak Italian",
            [check("interview"), language_test("A2")],
            languages=[{"language": "it", "level": "B2"}],
        ),
        "tunisian": await person(
            client,
            signing_key,
            officer,
            "Tunisian",
            [check("interview"), language_test("B1")],
            citizenship="TN",
        ),
        "unchecked": await person(client, signing_key, officer, "Unchecked", []),
        "failed": await person(
            client, signing_key, officer, "Failed", [check("interview", outcome="failed")]
        ),
        "expired": await person(client, signing_key, officer, "Expired", [expired]),
        "hidden": await person(
            client, signing_key, officer, "Hidden", [check("interview")], discoverable=False
        ),
    }


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["seeker"]["full_name"] for item in response.json()["items"]]


class TestPool:
    async def test_only_consenting_pre_screened_seekers_ranked_without_contact_details(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        pool: dict[str, str],
    ) -> None:
        await verified_employer(client, owner, officer)
        found = await client.get(
            POOL, params={"occupation_id": SPECIALIST_NURSE, "skill_id": NURSE_SKILLS[:2]}, headers=owner
        )
        assert names(found)[0] == "Checked"  # the skills; the other two tie, in id order
        assert sorted(names(found)) == ["Checked", "Tunisian", "Weak Italian"]
        assert found.json()["total"] == 3
        first = found.json()["items"][0]
        assert not {"phone", "email", "date_of_birth", "user_id"} & set(first["seeker"])
        label = reference.skills()
        labels = {s.id: s.label for s in label}
        assert first["verified"] == [f"skill: {labels[NURSE_SKILLS[0]]}"]
        assert first["declared_only"] == [f"skill: {labels[NURSE_SKILLS[1]]}"]
        assert first["components"]["skills"] == 1.0

    async def test_languages_count_at_their_verified_level_and_filters_narrow(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], pool: dict[str, str]
    ) -> None:
        await verified_employer(client, owner, officer)
        query = {"occupation_id": SPECIALIST_NURSE}
        italian = await client.get(POOL, params=query | {"language": "it:B1"}, headers=owner)
        # "Weak Italian" declares B2 but was tested at A2.
        assert sorted(names(italian)) == ["Checked", "Tunisian"]
        assert all(item["verified"] == ["language: it B1"] for item in italian.json()["items"])
        egyptians = await client.get(POOL, params=query | {"citizenship": "EG"}, headers=owner)
        assert sorted(names(egyptians)) == ["Checked", "Weak Italian"]
        best = await client.get(POOL, params=query | {"min_score": "0.99"}, headers=owner)
        assert best.json()["total"] == len(names(best))

    async def test_a_programme_names_its_checks_and_its_citizenships(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], pool: dict[str, str]
    ) -> None:
        await verified_employer(client, owner, officer)
        created = await client.post(
            f"{API}/programmes",
            json=programme_body(eligible_citizenships=["EG"], required_verifications=["language_test"]),
            headers=officer,
        )
        assert created.status_code == 201, created.text
        params = {"occupation_id": SPECIALIST_NURSE, "programme_id": created.json()["id"]}
        # Language-tested Egyptians; interviews are not what this programme asks.
        assert sorted(names(await client.get(POOL, params=params, headers=owner))) == [
            "Checked",
            "Weak Italian",
        ]

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"occupation_id": "11111111-1111-4111-8111-111111111111"}, "occupation_id"),
            ({"skill_id": "11111111-1111-4111-8111-111111111111"}, "skill_id"),
            ({"programme_id": "00000000-0000-4000-8000-000000000000"}, "programme_id"),
            ({"min_score": "-0.1"}, "min_score"),
            ({"occupation_id": None}, "occupation_id"),
        ],
    )
    async def test_bad_queries_are_422_naming_the_parameter(
        self, client: httpx.AsyncClient, officer: dict[str, str], params: dict[str, Any], field: str
    ) -> None:
        query = {"occupation_id": SPECIALIST_NURSE} | params
        response = await client.get(POOL, params={k: v for k, v in query.items() if v}, headers=officer)
        assert response.status_code == 422, response.text
        assert {e["field"].split(".")[0] for e in response.json()["errors"]} == {field}

    async def test_who_may_search(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        query = {"occupation_id": SPECIALIST_NURSE}
        pending_owner = bearer(signing_key, "pending-owner", "employer")
        await verified_employer(client, pending_owner, officer, verify=False)
        machine = client_bearer(signing_key, "partner", "jobs:read jobs:seekers:read")
        for headers, status in ((pending_owner, 403), (seeker, 403), (machine, 403), ({}, 401)):
            assert (await client.get(POOL, params=query, headers=headers)).status_code == status, headers
        assert (await client.get(POOL, params=query, headers=officer)).status_code == 200
        employer_id = await verified_employer(client, owner, officer)
        assert (await client.get(POOL, params=query, headers=owner)).status_code == 200
        suspended = await client.post(
            f"{API}/employers/{employer_id}/status",
            json={"status": "suspended", "reason": "unpaid wages"},
            headers=officer,
        )
        assert suspended.status_code == 200, suspended.text
        assert (await client.get(POOL, params=query, headers=owner)).status_code == 403


class TestVerifiedInMatches:
    async def test_a_vacancys_matches_say_which_requirements_are_verified_and_can_keep_to_the_pre_screened(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        pool: dict[str, str],
    ) -> None:
        vacancy = await published_vacancy(
            client, owner, officer, languages=[{"language": "it", "min_level": "B1"}]
        )
        url = f"{API}/vacancies/{vacancy['id']}/matches"
        everyone = await client.get(url, params={"limit": 100}, headers=owner)
        by_name = {item["seeker"]["full_name"]: item for item in everyone.json()["items"]}
        assert "Unchecked" in by_name and "Hidden" not in by_name
        assert "language: it B1" in by_name["Checked"]["verified"]
        assert "language: it B1" in by_name["Weak Italian"]["declared_only"]  # tested below B1
        assert by_name["Unchecked"]["verified"] == []
        screened = await client.get(url, params={"limit": 100, "prescreened": "true"}, headers=owner)
        assert sorted(names(screened)) == ["Checked", "Tunisian", "Weak Italian"]
        assert screened.json()["total"] == 3


class TestReturneesFirst:
    async def test_a_programmes_returnees_who_kept_the_agreement_rank_first_and_say_why(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        programme = (
            await client.post(f"{API}/programmes", json=programme_body(quota=10), headers=officer)
        ).json()
        season_one = await published_vacancy(client, owner, officer, programme_id=programme["id"])
        people = {}
        for name, years in (("Kept", 1), ("Overstayed", 1), ("Expert", 9)):
            headers = bearer(signing_key, f"user-{name}", "job_seeker")
            occupations = [{"occupation_id": SPECIALIST_NURSE, "years": years}]
            created = await client.post(
                f"{API}/seekers/me",
                json=seeker_body(full_name=name, occupations=occupations),
                headers=headers,
            )
            assert created.status_code == 201, created.text
            people[name] = headers
        for name, kept in (("Kept", True), ("Overstayed", False)):
            applied = await client.post(
                f"{API}/vacancies/{season_one['id']}/applications", json={}, headers=people[name]
            )
            application = applied.json()["id"]
            for to, who in (
                ("shortlisted", owner),
                ("offered", owner),
                ("accepted", people[name]),
                ("contract_signed", officer),
                ("visa_issued", officer),
                ("departed", officer),
            ):
                moved = await client.post(
                    f"{API}/applications/{application}/transitions", json={"to": to}, headers=who
                )
                assert moved.status_code == 200, moved.text
            back = await client.post(
                f"{API}/applications/{application}/transitions",
                json={"to": "returned", "returned_as_agreed": kept},
                headers=officer,
            )
            assert back.status_code == 200, back.text
        season_two = await published_vacancy(client, owner, officer, programme_id=programme["id"])
        ranked = (await client.get(f"{API}/vacancies/{season_two['id']}/matches", headers=owner)).json()
        order = [item["seeker"]["full_name"] for item in ranked["items"]]
        assert order == ["Kept", "Expert", "Overstayed"]  # Expert outscores Kept; Kept comes first
        assert ranked["items"][0]["score"] < ranked["items"][1]["score"]
        assert "returned as agreed" in ranked["items"][0]["priority"]
        assert ranked["items"][1]["priority"] is None and ranked["total"] == 3
        second = (
            await client.get(
                f"{API}/vacancies/{season_two['id']}/matches", params={"offset": 1, "limit": 1}, headers=owner
            )
        ).json()
        assert [item["seeker"]["full_name"] for item in second["items"]] == ["Expert"]
        outside = await published_vacancy(client, owner, officer)  # no programme: no priority
        plain = (await client.get(f"{API}/vacancies/{outside['id']}/matches", headers=owner)).json()
        assert plain["items"][0]["seeker"]["full_name"] == "Expert"
        again = await client.post(
            f"{API}/vacancies/{season_one['id']}/applications", json={}, headers=people["Kept"]
        )
        assert again.status_code == 201, again.text  # a worker who returned applies again


class TestVerifiedLanguagesRequired:
    async def test_a_vacancy_or_its_programme_counts_required_languages_only_when_verified(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        pool: dict[str, str],
    ) -> None:
        italian = [{"language": "it", "min_level": "B1"}]
        strict = await published_vacancy(
            client, owner, officer, languages=italian, verified_languages_required=True
        )
        assert strict["verified_languages_required"] is True
        found = await client.get(f"{API}/vacancies/{strict['id']}/matches", headers=owner)
        # Weak Italian declares B2 but tested A2; the others declare B1 and were never tested.
        assert sorted(names(found)) == ["Checked", "Tunisian"]
        assert found.json()["total"] == 2
        created = await client.post(
            f"{API}/programmes",
            json=programme_body(eligible_citizenships=["EG", "TN"], verified_languages_required=True),
            headers=officer,
        )
        assert created.status_code == 201 and created.json()["verified_languages_required"] is True
        in_programme = await published_vacancy(
            client, owner, officer, languages=italian, programme_id=created.json()["id"]
        )
        found = await client.get(f"{API}/vacancies/{in_programme['id']}/matches", headers=owner)
        assert sorted(names(found)) == ["Checked", "Tunisian"]
        lenient = await published_vacancy(client, owner, officer, languages=italian)
        found = await client.get(
            f"{API}/vacancies/{lenient['id']}/matches", params={"limit": 100}, headers=owner
        )
        assert {"Weak Italian", "Unchecked"} <= set(names(found))
