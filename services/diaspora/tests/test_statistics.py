"""Statistics: consenting members only, small cells suppressed so that totals cannot reveal
them, a public summary by country, and project and pledge totals."""

from __future__ import annotations

import random
from collections import defaultdict

import httpx
import pytest
from diaspora_helpers import API, bearer, client_bearer, open_project, register

from imis_diaspora.config import DiasporaSettings
from imis_shared.suppression import Key, suppress
from imis_testing import SigningKey

URL = f"{API}/statistics"


@pytest.fixture
def settings(settings: DiasporaSettings) -> DiasporaSettings:
    """k = 3 keeps the data sets small."""
    return settings.model_copy(update={"statistics_min_cell": 3})


def sums_hiding_one(cells: dict[Key, int], dims: int, k: int) -> list[str]:
    """The published sums from which exactly one hidden number could be worked out."""
    hidden = suppress(cells, dims, k)
    leaks = []
    for dim in range(dims if dims > 1 else 0):
        by_category: dict[str, list[Key]] = defaultdict(list)
        for key, count in cells.items():
            if count:
                by_category[key[dim]].append(key)
        for category, keys in by_category.items():
            n = sum(key in hidden.cells for key in keys) + (category in hidden.margins[dim])
            if n == 1:
                leaks.append(f"dimension {dim} category {category}")
        n = sum(c in hidden.margins[dim] for c in by_category) + hidden.total
        if n == 1:
            leaks.append(f"margins of dimension {dim}")
    if dims == 1:
        n = sum(key in hidden.cells for key, count in cells.items() if count) + hidden.total
        if n == 1:
            leaks.append("cells and total")
    return leaks


class TestSuppression:
    def test_one_way_table(self) -> None:
        hidden = suppress({("IT",): 10, ("DE",): 3, ("FR",): 7}, 1, 5)
        # DE is small; FR, the smallest other count, is hidden so that DE = total - IT - FR fails.
        assert hidden.cells == {("DE",), ("FR",)} and not hidden.total

    def test_nothing_small_nothing_hidden(self) -> None:
        hidden = suppress({("IT", "ict"): 10, ("DE", "ict"): 5, ("DE", "health"): 9}, 2, 5)
        assert hidden.cells == set() and hidden.margins == (frozenset(), frozenset()) and not hidden.total

    def test_two_way_table_hand_checked(self) -> None:
        cells = {
            ("IT", "ict"): 10,
            ("IT", "health"): 3,
            ("DE", "ict"): 8,
            ("DE", "health"): 12,
            ("FR", "ict"): 6,
        }
        hidden = suppress(cells, 2, 5)
        # IT/health (3) is small. Its row then hides IT/ict, its column DE/health; the ict column
        # hides FR/ict, the DE row DE/ict; FR's row total equals FR/ict and goes too, and the
        # row totals then hide IT's so that FR's is not the total minus the others.
        assert hidden.cells == set(cells)
        assert hidden.margins == (frozenset({"IT", "FR"}), frozenset())
        assert not hidden.total
        assert sums_hiding_one(cells, 2, 5) == []

    def test_a_small_grand_total_is_hidden(self) -> None:
        hidden = suppress({("IT",): 2, ("DE",): 1}, 1, 5)
        assert hidden.cells == {("IT",), ("DE",)} and hidden.total

    @pytest.mark.parametrize("seed", range(20))
    def test_no_random_table_leaks_a_hidden_count(self, seed: int) -> None:
        rng = random.Random(seed)
        dims = 1 + seed % 2
        categories = [
            [f"r{i}" for i in range(rng.randint(2, 6))],
            [f"c{i}" for i in range(rng.randint(2, 5))],
        ]
        cells: dict[Key, int] = {}
        for row in categories[0]:
            for column in categories[1][: 1 if dims == 1 else None]:
                key = (row,) if dims == 1 else (row, column)
                cells[key] = rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 15, 40])
        hidden = suppress(cells, dims, 5)
        assert all(key in hidden.cells for key, count in cells.items() if 0 < count < 5)
        assert sums_hiding_one(cells, dims, 5) == []


async def seed_members(client: httpx.AsyncClient, signing_key: SigningKey) -> None:
    people = [("IT", "ict")] * 3 + [("IT", "health")] + [("DE", "ict")] * 3 + [("DE", "health")] * 3
    for index, (country, sector) in enumerate(people):
        await register(
            client,
            bearer(signing_key, f"m-{index}", "diaspora_member"),
            consents=("statistics",),
            residence_country=country,
            sector=sector,
            email=f"m{index}@example.org",
        )
    # Not counted: no consent to statistics.
    await register(
        client,
        bearer(signing_key, "m-x", "diaspora_member"),
        residence_country="DE",
        sector="ict",
        email="x@example.org",
    )


class TestMemberStatistics:
    async def test_two_way_table_with_secondary_suppression(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        await seed_members(client, signing_key)
        response = await client.get(
            f"{URL}/members",
            params=[("group_by", "country_of_residence"), ("group_by", "sector")],
            headers=officer,
        )
        assert response.status_code == 200, response.text
        table = response.json()
        assert table["min_cell"] == 3
        # IT/health (1) is small; IT/ict, DE/health and DE/ict go with it, or the totals tell.
        assert all(c["suppressed"] and c["count"] is None for c in table["cells"])
        assert {
            c["key"]["country_of_residence"]: c["count"] for c in table["margins"]["country_of_residence"]
        } == {
            "DE": 6,
            "IT": 4,
        }
        assert {c["key"]["sector"]: c["count"] for c in table["margins"]["sector"]} == {"health": 4, "ict": 6}
        assert table["total"] == {"key": {}, "count": 10, "suppressed": False}

    async def test_one_dimension_and_unknown_values(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        await seed_members(client, signing_key)
        table = (
            await client.get(f"{URL}/members", params={"group_by": "emigration_period"}, headers=officer)
        ).json()
        assert [(c["key"], c["count"]) for c in table["cells"]] == [({"emigration_period": "2005-2009"}, 10)]
        table = (
            await client.get(f"{URL}/members", params={"group_by": "isco_major_group"}, headers=officer)
        ).json()
        assert [(c["key"], c["count"]) for c in table["cells"]] == [({"isco_major_group": "2"}, 10)]

    @pytest.mark.parametrize(
        "params",
        [
            [],
            [("group_by", "religion")],
            [("group_by", "sector"), ("group_by", "sector")],
            [("group_by", "sector"), ("group_by", "education_level"), ("group_by", "emigration_period")],
        ],
    )
    async def test_bad_grouping_names_the_parameter(
        self, client: httpx.AsyncClient, officer: dict[str, str], params: list[tuple[str, str]]
    ) -> None:
        response = await client.get(f"{URL}/members", params=params, headers=officer)
        assert response.status_code == 422, response.text
        assert {e["field"] for e in response.json()["errors"]} & {"group_by", "group_by.0"}

    async def test_who_may_see_the_tables(
        self, client: httpx.AsyncClient, member: dict[str, str], signing_key: SigningKey
    ) -> None:
        params = {"group_by": "sector"}
        reader = client_bearer(signing_key, "stats-office", "diaspora:read")
        assert (await client.get(f"{URL}/members", params=params, headers=reader)).status_code == 200
        assert (await client.get(f"{URL}/members", params=params, headers=member)).status_code == 403
        assert (await client.get(f"{URL}/members", params=params)).status_code == 401

    async def test_public_summary_by_country(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        await seed_members(client, signing_key)
        await register(
            client,
            bearer(signing_key, "m-fr", "diaspora_member"),
            consents=("statistics",),
            residence_country="FR",
            email="fr@example.org",
        )
        table = (await client.get(f"{URL}/public/members-by-country")).json()
        # FR (1) is small, and IT (4), the smallest other country, hides with it.
        assert [(c["key"]["country_of_residence"], c["count"]) for c in table["cells"]] == [
            ("DE", 6),
            ("FR", None),
            ("IT", None),
        ]
        assert table["total"]["count"] == 11


class TestProjectStatistics:
    async def test_totals_by_sector_and_subdivision(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        await register(client, member)
        water = await open_project(client, officer)
        await open_project(client, officer, title="School lab", sector="education", subdivision="EG-C")
        await client.post(
            f"{API}/projects",
            json={"title": "Draft", "description": "d", "subdivision": "EG-C", "sector": "health"},
            headers=officer,
        )
        money = await client.post(
            f"{API}/projects/{water['id']}/pledges",
            json={"kind": "money", "amount": "500", "currency": "EUR"},
            headers=member,
        )
        await client.post(
            f"{API}/pledges/{money.json()['id']}/status", json={"status": "confirmed"}, headers=officer
        )
        await client.post(
            f"{API}/projects/{water['id']}/pledges", json={"kind": "expertise", "days": 8}, headers=member
        )
        summary = (await client.get(f"{URL}/projects", headers=officer)).json()
        by_sector = {row["sector"]: row for row in summary["by_sector"]}
        assert set(by_sector) == {"education", "water_sanitation"}  # the draft is left out
        assert by_sector["water_sanitation"]["pledges"] == 2
        assert by_sector["water_sanitation"]["confirmed_by_currency"] == {"EUR": "500.00"}
        assert by_sector["water_sanitation"]["expertise_days"] == 8
        assert by_sector["education"]["projects_by_status"] == {"open": 1}
        assert [row["subdivision"] for row in summary["by_subdivision"]] == ["EG-ASN", "EG-C"]
        assert (await client.get(f"{URL}/projects", headers=member)).status_code == 403
        assert (await client.get(f"{URL}/projects")).status_code == 401
