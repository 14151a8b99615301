"""Suggested members for a project: consent first, then a hand-checked ranking."""

from __future__ import annotations

import httpx
import pytest
from diaspora_helpers import (
    API,
    CIVIL_ENGINEER,
    CIVIL_ENGINEERING,
    HYDRAULICS,
    HYDROLOGIST,
    IRRIGATION_SYSTEMS,
    PYTHON,
    SOFTWARE_DEVELOPER,
    SPECIALIST_NURSE,
    WATER_ENGINEER,
    bearer,
    open_project,
    register,
)

from imis_diaspora.suggestions.scoring import Offered, Sought, fit
from imis_testing import SigningKey

SOUGHT = Sought(
    skills=frozenset({IRRIGATION_SYSTEMS, HYDRAULICS, CIVIL_ENGINEERING}),
    occupation_id=WATER_ENGINEER,
    isco_code="2142",
    sector="water_sanitation",
)


class TestScoring:
    def test_components_and_reasons(self) -> None:
        offered = Offered(
            frozenset({HYDRAULICS, CIVIL_ENGINEERING}), CIVIL_ENGINEER, "2142", "water_sanitation"
        )
        result = fit(SOUGHT, offered, {HYDRAULICS: "hydraulics", CIVIL_ENGINEERING: "civil engineering"})
        # skills 2/3 x .5 + same unit group .75 x .3 + sector 1 x .2 = .3333 + .225 + .2
        assert result.score == pytest.approx(0.7583, abs=1e-4)
        assert result.components == {"skills": 0.6667, "occupation": 0.75, "sector": 1.0}
        assert result.reasons == [
            "has 2 of the 3 skills sought: civil engineering, hydraulics",
            "works in an occupation in the same ISCO-08 unit group (2142)",
            "works in the project's sector (water_sanitation)",
        ]

    @pytest.mark.parametrize(
        ("isco", "expected"), [("2142", 0.75), ("2141", 0.5), ("2114", 0.25), ("2512", 0.0), ("7126", 0.0)]
    )
    def test_occupation_levels(self, isco: str, expected: float) -> None:
        offered = Offered(frozenset(), "some-other-occupation", isco, None)
        assert fit(SOUGHT, offered).components["occupation"] == expected

    def test_only_what_is_sought_counts(self) -> None:
        sector_only = Sought(frozenset(), None, None, "health")
        assert fit(sector_only, Offered(frozenset(), None, None, "health")).score == 1.0
        assert fit(sector_only, Offered(frozenset({PYTHON}), SOFTWARE_DEVELOPER, "2512", "ict")).score == 0.0


class TestSuggestedMembers:
    async def test_ranking_on_a_hand_checked_set(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        people = [
            # name, occupation, skills, sector, consents  → expected score
            ("Adel", CIVIL_ENGINEER, [HYDRAULICS, CIVIL_ENGINEERING], "water_sanitation", True),  # .7583
            ("Bassem", WATER_ENGINEER, [IRRIGATION_SYSTEMS], "construction", True),  # .1667 + .3 = .4667
            (
                "Camelia",
                HYDROLOGIST,
                [HYDRAULICS, IRRIGATION_SYSTEMS, CIVIL_ENGINEERING],
                "agriculture",
                True,
            ),  # .575
            ("Dina", SOFTWARE_DEVELOPER, [PYTHON], "ict", True),  # 0: not suggested
            (
                "Ehab",
                CIVIL_ENGINEER,
                [HYDRAULICS, CIVIL_ENGINEERING],
                "water_sanitation",
                False,
            ),  # no consent
            ("Fatma", SPECIALIST_NURSE, [], "water_sanitation", True),  # .2
        ]
        for index, (name, occupation, skills, sector, consents) in enumerate(people):
            await register(
                client,
                bearer(signing_key, f"m-{index}", "diaspora_member"),
                consents=("project_suggestions",) if consents else (),
                full_name=name,
                occupation_id=occupation,
                skills=skills,
                sector=sector,
                email=f"{name.lower()}@example.org",
            )
        project = await open_project(client, officer)
        response = await client.get(f"{API}/projects/{project['id']}/suggested-members", headers=officer)
        assert response.status_code == 200, response.text
        page = response.json()
        assert [(s["full_name"], s["score"]) for s in page["items"]] == [
            ("Adel", 0.7583),
            ("Camelia", 0.575),
            ("Bassem", 0.4667),
            ("Fatma", 0.2),
        ]
        assert page["total"] == 4
        assert page["items"][2]["reasons"] == [
            "has 1 of the 3 skills sought: irrigation systems",
            "works in the occupation sought",
        ]
        second = await client.get(
            f"{API}/projects/{project['id']}/suggested-members",
            params={"limit": 1, "offset": 1},
            headers=officer,
        )
        assert [s["full_name"] for s in second.json()["items"]] == ["Camelia"]

    async def test_withdrawn_consent_removes_the_member(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        await register(client, member, consents=("project_suggestions",))
        project = await open_project(client, officer)
        url = f"{API}/projects/{project['id']}/suggested-members"
        assert (await client.get(url, headers=officer)).json()["total"] == 1
        await client.put(
            f"{API}/members/me/consents/project_suggestions",
            json={"granted": False, "text_version": "2026-01"},
            headers=member,
        )
        assert (await client.get(url, headers=officer)).json()["total"] == 0

    async def test_only_officers_see_suggestions(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        project = await open_project(client, officer)
        url = f"{API}/projects/{project['id']}/suggested-members"
        assert (await client.get(url, headers=member)).status_code == 403
        assert (await client.get(url)).status_code == 401
        missing = f"{API}/projects/00000000-0000-0000-0000-000000000000/suggested-members"
        assert (await client.get(missing, headers=officer)).status_code == 404
