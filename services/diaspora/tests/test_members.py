"""Members: registration, own record, consent per purpose, staff lists and export, the directory."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from diaspora_helpers import (
    API,
    HYDRAULICS,
    NO_SUCH_CONCEPT,
    PYTHON,
    SOFTWARE_DEVELOPER,
    bearer,
    client_bearer,
    field_names,
    member_body,
    register,
)

from imis_testing import SigningKey

ME = f"{API}/members/me"


class TestRegistration:
    async def test_register_read_and_change(self, client: httpx.AsyncClient, member: dict[str, str]) -> None:
        created = await register(client, member)
        assert created["user_id"] == "member-1" and created["citizenships"] == ["EG", "IT"]
        assert created["phone"] == "+390111234567" and created["email"] == "karim.nabil@example.org"
        assert created["occupation"]["isco_code"] == "2142"
        assert created["consents"] == dict.fromkeys(
            ("contact", "directory", "project_suggestions", "statistics"), False
        )
        changed = await client.patch(
            ME,
            json={"residence_city": "Milano", "skills": [PYTHON], "occupation_id": SOFTWARE_DEVELOPER},
            headers=member,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["occupation"]["isco_code"] == "2512"
        assert [s["label"] for s in changed.json()["skills"]] == ["Python (computer programming)"]
        assert (await client.get(ME, headers=member)).json()["residence_city"] == "Milano"

    async def test_one_record_per_user(self, client: httpx.AsyncClient, member: dict[str, str]) -> None:
        await register(client, member)
        assert (await client.post(ME, json=member_body(), headers=member)).status_code == 409

    async def test_an_email_belongs_to_one_member(
        self, client: httpx.AsyncClient, member: dict[str, str], other_member: dict[str, str]
    ) -> None:
        await register(client, member)
        response = await client.post(
            ME, json=member_body(email="karim.nabil@EXAMPLE.org"), headers=other_member
        )
        assert response.status_code == 409 and response.json()["field"] == "email"

    async def test_only_diaspora_members_register(
        self, client: httpx.AsyncClient, officer: dict[str, str], job_seeker: dict[str, str]
    ) -> None:
        assert (await client.post(ME, json=member_body(), headers=job_seeker)).status_code == 403
        assert (await client.post(ME, json=member_body(), headers=officer)).status_code == 403
        assert (await client.post(ME, json=member_body())).status_code == 401
        assert (await client.get(ME, headers=job_seeker)).status_code == 403

    async def test_unregistered_member_has_no_record(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        response = await client.get(ME, headers=member)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"occupation_id": NO_SUCH_CONCEPT}, "occupation_id"),
            ({"skills": [NO_SUCH_CONCEPT]}, "skills.0"),
            ({"skills": [HYDRAULICS, HYDRAULICS]}, "skills"),
            ({"residence_country": "XX"}, "residence_country"),
            ({"citizenships": ["EG", "ZZ"]}, "citizenships.1"),
            ({"citizenships": []}, "citizenships"),
            ({"languages": [{"language": "it", "level": "C3"}]}, "languages.0.level"),
            ({"languages": [{"language": "xx", "level": "B1"}]}, "languages.0.language"),
            ({"date_of_birth": "2020-01-01"}, "date_of_birth"),
            ({"emigration_year": 1970}, "emigration_year"),
            ({"phone": "011 123"}, "phone"),
            ({"email": "not-an-email"}, "email"),
            ({"preferred_contact": "phone", "phone": None}, "preferred_contact"),
            ({"sector": "mining"}, "sector"),
            ({"religion": "none"}, "religion"),
        ],
    )
    async def test_bad_input_names_the_field_and_stores_nothing(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        officer: dict[str, str],
        changes: dict[str, object],
        field: str,
    ) -> None:
        response = await client.post(ME, json=member_body(**changes), headers=member)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert field in field_names(response)
        assert (await client.get(f"{API}/members", headers=officer)).json()["total"] == 0

    async def test_required_fields_cannot_be_cleared(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        await register(client, member)
        response = await client.patch(ME, json={"full_name": None}, headers=member)
        assert response.status_code == 422 and field_names(response) == {"full_name"}

    async def test_the_document_admits_no_null_for_the_required_fields(
        self, client: httpx.AsyncClient
    ) -> None:
        """It said null was fine and the server refused it; now both say the same."""
        document = (await client.get("/openapi.json")).json()
        fields = document["components"]["schemas"]["MemberUpdate"]["properties"]
        for name in ("full_name", "date_of_birth", "citizenships", "residence_country"):
            assert "null" not in str(fields[name]), name
        assert "null" in str(fields["residence_city"])  # optional ones can still be cleared

    async def test_erasure_removes_the_record_and_its_history(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member, consents=("directory",))
        assert (await client.delete(ME, headers=member)).status_code == 204
        assert (await client.get(ME, headers=member)).status_code == 404
        assert (await client.get(f"{API}/members", headers=officer)).json()["total"] == 0
        again = await register(client, member)  # a fresh start, with no consent carried over
        assert again["consents"]["directory"] is False


class TestConsent:
    async def test_give_and_withdraw_keep_an_append_only_history(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        await register(client, member)
        url = f"{ME}/consents/directory"
        given = await client.put(url, json={"granted": True, "text_version": "2026-01"}, headers=member)
        assert given.status_code == 200 and given.json()["current"]["directory"] is True
        withdrawn = await client.put(url, json={"granted": False, "text_version": "2026-02"}, headers=member)
        state = withdrawn.json()
        assert state["current"]["directory"] is False
        assert [(e["purpose"], e["granted"], e["text_version"]) for e in state["history"]] == [
            ("directory", True, "2026-01"),
            ("directory", False, "2026-02"),
        ]
        assert state["history"][0]["recorded_at"] <= state["history"][1]["recorded_at"]
        assert state["history"][0]["recorded_by"] == "member-1"
        assert (await client.get(f"{ME}/consents", headers=member)).json() == state

    async def test_purposes_are_independent(self, client: httpx.AsyncClient, member: dict[str, str]) -> None:
        await register(client, member, consents=("statistics",))
        current = (await client.get(f"{ME}/consents", headers=member)).json()["current"]
        assert current == {
            "contact": False,
            "directory": False,
            "project_suggestions": False,
            "statistics": True,
        }

    @pytest.mark.parametrize(
        ("purpose", "body", "field"),
        [
            ("marketing", {"granted": True, "text_version": "1"}, "purpose"),
            ("contact", {"granted": True}, "text_version"),
            ("contact", {"granted": True, "text_version": "v 1; drop"}, "text_version"),
            ("contact", {"granted": "maybe", "text_version": "1"}, "granted"),
        ],
    )
    async def test_bad_consent_is_refused(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        purpose: str,
        body: dict[str, object],
        field: str,
    ) -> None:
        await register(client, member)
        response = await client.put(f"{ME}/consents/{purpose}", json=body, headers=member)
        assert response.status_code == 422 and field in field_names(response)
        assert (await client.get(f"{ME}/consents", headers=member)).json()["history"] == []

    async def test_only_the_member_changes_their_consent(
        self, client: httpx.AsyncClient, member: dict[str, str], officer: dict[str, str]
    ) -> None:
        await register(client, member)
        body = {"granted": True, "text_version": "2026-01"}
        assert (await client.put(f"{ME}/consents/contact", json=body, headers=officer)).status_code == 403
        assert (await client.put(f"{ME}/consents/contact", json=body)).status_code == 401


class TestStaffList:
    async def seed(self, client: httpx.AsyncClient, signing_key: SigningKey) -> None:
        await register(client, bearer(signing_key, "m-1", "diaspora_member"), consents=("contact",))
        await register(
            client,
            bearer(signing_key, "m-2", "diaspora_member"),
            full_name="Amal Farouk",
            residence_country="DE",
            residence_city="Berlin",
            occupation_id=SOFTWARE_DEVELOPER,
            sector="ict",
            education_level=6,
            skills=[PYTHON],
            languages=[{"language": "de", "level": "B2"}],
            email="amal@example.org",
        )

    async def names(self, client: httpx.AsyncClient, officer: dict[str, str], **params: str) -> list[str]:
        response = await client.get(f"{API}/members", params=params, headers=officer)
        assert response.status_code == 200, response.text
        return [m["full_name"] for m in response.json()["items"]]

    async def test_filters(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        await self.seed(client, signing_key)
        assert await self.names(client, officer) == ["Amal Farouk", "Karim Nabil"]
        assert await self.names(client, officer, residence_country="DE") == ["Amal Farouk"]
        assert await self.names(client, officer, city="TORINO") == ["Karim Nabil"]
        assert await self.names(client, officer, occupation=SOFTWARE_DEVELOPER) == ["Amal Farouk"]
        assert await self.names(client, officer, isco="21") == ["Karim Nabil"]
        assert await self.names(client, officer, skill=HYDRAULICS) == ["Karim Nabil"]
        assert await self.names(client, officer, sector="ict") == ["Amal Farouk"]
        assert await self.names(client, officer, education_level="7") == ["Karim Nabil"]
        assert await self.names(client, officer, language="de") == ["Amal Farouk"]
        assert await self.names(client, officer, consent="contact") == ["Karim Nabil"]
        assert await self.names(client, officer, residence_country="DE", sector="health") == []

    async def test_pagination(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        await self.seed(client, signing_key)
        page = (await client.get(f"{API}/members", params={"limit": 1, "offset": 1}, headers=officer)).json()
        assert page["total"] == 2 and [m["full_name"] for m in page["items"]] == ["Karim Nabil"]
        too_many = await client.get(f"{API}/members", params={"limit": 101}, headers=officer)
        assert too_many.status_code == 422 and field_names(too_many) == {"limit"}

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"residence_country": "XX"}, "residence_country"),
            ({"isco": "abc"}, "isco"),
            ({"consent": "x"}, "consent"),
        ],
    )
    async def test_bad_filters_name_the_parameter(
        self, client: httpx.AsyncClient, officer: dict[str, str], params: dict[str, str], field: str
    ) -> None:
        response = await client.get(f"{API}/members", params=params, headers=officer)
        assert response.status_code == 422 and field in field_names(response)

    async def test_csv_export_of_the_filtered_set(
        self, client: httpx.AsyncClient, officer: dict[str, str], signing_key: SigningKey
    ) -> None:
        await self.seed(client, signing_key)
        response = await client.get(
            f"{API}/members/export", params={"residence_country": "IT"}, headers=officer
        )
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["full_name"] for r in rows] == ["Karim Nabil"]
        assert rows[0]["phone"] == "+390111234567" and rows[0]["languages"] == "ar:C2 it:C1"
        assert rows[0]["contact_consent"] == "true" and rows[0]["citizenships"] == "EG IT"

    async def test_export_quotes_cells_a_spreadsheet_would_run(
        self, client: httpx.AsyncClient, officer: dict[str, str], member: dict[str, str]
    ) -> None:
        await register(client, member, employer='=HYPERLINK("http://evil")')
        response = await client.get(f"{API}/members/export", headers=officer)
        assert next(csv.DictReader(io.StringIO(response.text)))["employer"].startswith("'=")

    async def test_staff_and_read_clients_allowed_others_refused(
        self,
        client: httpx.AsyncClient,
        officer: dict[str, str],
        member: dict[str, str],
        job_seeker: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        await register(client, member)
        admin = bearer(signing_key, "admin-1", "admin")
        reader = client_bearer(signing_key, "stats-office", "diaspora:read")
        writer_only = client_bearer(signing_key, "portal", "diaspora:write")
        for path in ("/members", "/members/export"):
            assert (await client.get(f"{API}{path}", headers=officer)).status_code == 200
            assert (await client.get(f"{API}{path}", headers=admin)).status_code == 200
            assert (await client.get(f"{API}{path}", headers=reader)).status_code == 200
            assert (await client.get(f"{API}{path}", headers=writer_only)).status_code == 403
            assert (await client.get(f"{API}{path}", headers=member)).status_code == 403
            assert (await client.get(f"{API}{path}", headers=job_seeker)).status_code == 403
            assert (await client.get(f"{API}{path}")).status_code == 401


class TestDirectory:
    async def test_only_consenting_members_and_only_directory_fields(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        job_seeker: dict[str, str],
    ) -> None:
        await register(client, member, consents=("directory",))
        await register(client, other_member, full_name="Amal Farouk", email="amal@example.org")
        page = (await client.get(f"{API}/directory", headers=job_seeker)).json()
        assert page["total"] == 1
        entry = page["items"][0]
        assert entry["full_name"] == "Karim Nabil" and entry["occupation"]["isco_code"] == "2142"
        for hidden in (
            "phone",
            "email",
            "date_of_birth",
            "citizenships",
            "residence_status",
            "user_id",
            "employer",
        ):
            assert hidden not in entry

    async def test_withdrawing_consent_removes_the_entry(
        self, client: httpx.AsyncClient, member: dict[str, str], other_member: dict[str, str]
    ) -> None:
        created = await register(client, member, consents=("directory",))
        await client.put(
            f"{ME}/consents/directory", json={"granted": False, "text_version": "2026-01"}, headers=member
        )
        assert (await client.get(f"{API}/directory", headers=other_member)).json()["total"] == 0
        assert (await client.get(f"{API}/members/{created['id']}", headers=other_member)).status_code == 404

    async def test_directory_filters(
        self, client: httpx.AsyncClient, member: dict[str, str], other_member: dict[str, str]
    ) -> None:
        await register(client, member, consents=("directory",))
        found = await client.get(
            f"{API}/directory", params={"skill": HYDRAULICS, "isco": "2"}, headers=other_member
        )
        assert found.json()["total"] == 1
        none = await client.get(f"{API}/directory", params={"residence_country": "DE"}, headers=other_member)
        assert none.json()["total"] == 0

    async def test_anonymous_callers_are_refused(self, client: httpx.AsyncClient) -> None:
        assert (await client.get(f"{API}/directory")).status_code == 401

    async def test_who_sees_one_member(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        created = await register(client, member, consents=("directory",))
        url = f"{API}/members/{created['id']}"
        assert (await client.get(url, headers=officer)).json()["email"] == "karim.nabil@example.org"
        assert (await client.get(url, headers=member)).json()["email"] == "karim.nabil@example.org"
        assert "email" not in (await client.get(url, headers=other_member)).json()
        assert (await client.get(url)).status_code == 401
        missing = await client.get(f"{API}/members/00000000-0000-0000-0000-000000000000", headers=officer)
        assert missing.status_code == 404


class TestOwnDataExport:
    async def test_everything_held_about_the_member(
        self,
        client: httpx.AsyncClient,
        member: dict[str, str],
        other_member: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        await register(client, member, consents=("statistics",))
        await register(client, other_member, email="amal@example.org", consents=("contact",))
        offer = {"type": "mentoring", "description": "Mentor engineers."}
        assert (await client.post(f"{ME}/offers", json=offer, headers=member)).status_code == 201
        export = await client.get(f"{ME}/export", headers=member)
        assert export.status_code == 200, export.text
        data = export.json()
        assert data["member"]["email"] == "karim.nabil@example.org"
        assert [(e["purpose"], e["granted"]) for e in data["consent_history"]] == [("statistics", True)]
        assert [o["type"] for o in data["offers"]] == ["mentoring"]
        assert data["organisations"] == [] and data["pledges"] == []
        assert (await client.get(f"{ME}/export", headers=officer)).status_code == 403
        assert (await client.get(f"{ME}/export")).status_code == 401


class TestPathsThatAreNotIds:
    """/members/import is a path of its own, not a member id: another method there is 405."""

    async def test_reading_the_import_path_is_method_not_allowed(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        response = await client.get(f"{API}/members/import", headers=officer)
        assert response.status_code == 405
        assert "POST" in response.headers["allow"]

    async def test_a_member_is_still_read_by_id(
        self, client: httpx.AsyncClient, member: dict[str, str]
    ) -> None:
        created = await register(client, member)
        assert (await client.get(f"{API}/members/{created['id']}", headers=member)).status_code == 200

    async def test_a_path_that_is_no_uuid_is_not_found(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        assert (await client.get(f"{API}/members/not-a-uuid", headers=officer)).status_code == 404
