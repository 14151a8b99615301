"""Development projects: officers create and run them; open ones are public."""

from __future__ import annotations

import httpx
import pytest
from diaspora_helpers import API, NO_SUCH_CONCEPT, bearer, field_names, open_project, project_body

from imis_testing import SigningKey

URL = f"{API}/projects"


class TestCreate:
    async def test_officer_creates_a_draft(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        response = await client.post(URL, json=project_body(), headers=officer)
        assert response.status_code == 201, response.text
        project = response.json()
        assert project["status"] == "draft" and project["subdivision"] == "EG-ASN"
        assert project["isco_code"] == "2142" and project["funding_target"] == "100000.00"
        assert [s["label"] for s in project["skills"]] == [
            "civil engineering",
            "hydraulics",
            "irrigation systems",
        ]
        assert (
            project["progress"]["confirmed_by_currency"] == {} and project["progress"]["funded_share"] == 0.0
        )

    async def test_only_officers_create(
        self, client: httpx.AsyncClient, member: dict[str, str], signing_key: SigningKey
    ) -> None:
        assert (await client.post(URL, json=project_body(), headers=member)).status_code == 403
        editor = bearer(signing_key, "editor-1", "editor")
        assert (await client.post(URL, json=project_body(), headers=editor)).status_code == 403
        assert (await client.post(URL, json=project_body())).status_code == 401

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"subdivision": "IT-21"}, "subdivision"),
            ({"subdivision": "EG-XX"}, "subdivision"),
            ({"funding_currency": "EURO"}, "funding_currency"),
            ({"funding_currency": None}, "funding_currency"),
            ({"funding_target": "0"}, "funding_target"),
            ({"funding_target": "-100"}, "funding_target"),
            ({"skills": [NO_SUCH_CONCEPT]}, "skills.0"),
            ({"occupation_id": NO_SUCH_CONCEPT}, "occupation_id"),
            ({"sector": "mining"}, "sector"),
            ({"budget": 5}, "budget"),
        ],
    )
    async def test_bad_input_names_the_field(
        self, client: httpx.AsyncClient, officer: dict[str, str], changes: dict[str, object], field: str
    ) -> None:
        response = await client.post(URL, json=project_body(**changes), headers=officer)
        assert response.status_code == 422, response.text
        assert field in field_names(response)
        assert (await client.get(URL, headers=officer)).json()["total"] == 0


class TestWorkflow:
    async def test_the_full_path(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        project = await open_project(client, officer)
        status_url = f"{URL}/{project['id']}/status"
        for status in ("funded", "in_progress", "completed"):
            response = await client.post(status_url, json={"status": status}, headers=officer)
            assert response.status_code == 200 and response.json()["status"] == status
        again = await client.post(status_url, json={"status": "cancelled"}, headers=officer)
        assert again.status_code == 409 and again.json()["type"] == "urn:imis:problem:invalid-state"

    @pytest.mark.parametrize("target", ["funded", "in_progress", "completed"])
    async def test_a_draft_cannot_skip_opening(
        self, client: httpx.AsyncClient, officer: dict[str, str], target: str
    ) -> None:
        project = (await client.post(URL, json=project_body(), headers=officer)).json()
        response = await client.post(
            f"{URL}/{project['id']}/status", json={"status": target}, headers=officer
        )
        assert response.status_code == 409

    async def test_only_drafts_and_open_projects_change(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        project = await open_project(client, officer)
        url = f"{URL}/{project['id']}"
        changed = await client.patch(url, json={"volunteer_days_sought": 150}, headers=officer)
        assert changed.status_code == 200 and changed.json()["volunteer_days_sought"] == 150
        assert (await client.patch(url, json={"title": "x"}, headers=member)).status_code == 403
        await client.post(f"{url}/status", json={"status": "cancelled"}, headers=officer)
        assert (await client.patch(url, json={"title": "x"}, headers=officer)).status_code == 409

    async def test_required_fields_cannot_be_cleared(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        """The server refuses null for them, and the document no longer says null is fine."""
        project = (await client.post(URL, json=project_body(), headers=officer)).json()
        response = await client.patch(f"{URL}/{project['id']}", json={"title": None}, headers=officer)
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["title"]
        document = (await client.get("/openapi.json")).json()
        fields = document["components"]["schemas"]["ProjectUpdate"]["properties"]
        for name in ("title", "description", "subdivision", "sector"):
            assert "null" not in str(fields[name]), name

    async def test_only_officers_move_projects(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        project = (await client.post(URL, json=project_body(), headers=officer)).json()
        url = f"{URL}/{project['id']}/status"
        assert (await client.post(url, json={"status": "open"}, headers=member)).status_code == 403
        assert (await client.post(url, json={"status": "open"})).status_code == 401


class TestVisibility:
    async def test_open_projects_are_public_drafts_are_not(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        opened = await open_project(client, officer)
        draft = (await client.post(URL, json=project_body(title="Draft clinic"), headers=officer)).json()
        public = (await client.get(URL)).json()
        assert [p["title"] for p in public["items"]] == [opened["title"]]
        assert (await client.get(f"{URL}/{opened['id']}")).status_code == 200
        assert (await client.get(f"{URL}/{draft['id']}")).status_code == 404
        assert (await client.get(f"{URL}/{draft['id']}", headers=member)).status_code == 404
        assert (await client.get(f"{URL}/{draft['id']}", headers=officer)).status_code == 200
        assert (await client.get(URL, params={"status": "draft"})).status_code == 403
        assert (await client.get(URL, params={"status": "draft"}, headers=officer)).json()["total"] == 1
        assert (await client.get(URL, headers=officer)).json()["total"] == 2

    async def test_public_filters(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        await open_project(client, officer)
        await open_project(client, officer, title="School lab", sector="education", subdivision="EG-C")
        assert [
            p["title"] for p in (await client.get(URL, params={"sector": "education"})).json()["items"]
        ] == ["School lab"]
        assert (await client.get(URL, params={"subdivision": "EG-ASN"})).json()["total"] == 1
        assert (await client.get(URL, params={"subdivision": "EG-ZZ"})).status_code == 422
