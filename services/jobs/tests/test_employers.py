"""Employers: registration, who sees what, verification by officers, members and invitations."""

from __future__ import annotations

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, employer_body

from imis_testing import SigningKey

URL = "/api/v1/jobs/employers"


async def create(client: httpx.AsyncClient, headers: dict[str, str], **changes: object) -> dict[str, object]:
    response = await client.post(URL, json=employer_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def decide(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    employer_id: object,
    status: str,
    reason: str | None = None,
) -> httpx.Response:
    return await client.post(
        f"{URL}/{employer_id}/status", json={"status": status, "reason": reason}, headers=officer
    )


class TestRegisterEmployer:
    async def test_employer_user_registers_and_owns_it(
        self, client: httpx.AsyncClient, owner: dict[str, str]
    ) -> None:
        body = await create(client, owner)
        assert body["status"] == "pending" and body["country"] == "IT"
        assert body["contact_email"] == "hr@rossi.example" and body["contact_phone"] == "+390612345678"
        members = (await client.get(f"{URL}/{body['id']}/members", headers=owner)).json()
        assert [(m["user_id"], m["role"]) for m in members] == [("employer-owner", "owner")]

    async def test_other_roles_and_anonymous_are_refused(
        self, client: httpx.AsyncClient, signing_key: SigningKey
    ) -> None:
        assert (await client.post(URL, json=employer_body())).status_code == 401
        seeker = bearer(signing_key, "seeker-1", "job_seeker")
        assert (await client.post(URL, json=employer_body(), headers=seeker)).status_code == 403

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"country": "XX"}, "country"),
            ({"contact_phone": "12345"}, "contact_phone"),
            ({"contact_email": "not-an-email"}, "contact_email"),
            ({"website": "not a url"}, "website"),
            ({"type": "agency"}, "type"),
            ({"name": ""}, "name"),
            ({"founded": 1990}, "founded"),
        ],
    )
    async def test_bad_input_names_the_field_and_writes_nothing(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        changes: dict[str, object],
        field: str,
    ) -> None:
        response = await client.post(URL, json=employer_body(**changes), headers=owner)
        assert response.status_code == 422
        assert field in {error["field"] for error in response.json()["errors"]}
        assert (await client.get(URL, headers=officer)).json()["total"] == 0

    async def test_an_agency_must_give_its_licence(
        self, client: httpx.AsyncClient, owner: dict[str, str]
    ) -> None:
        response = await client.post(URL, json=employer_body(type="recruitment_agency"), headers=owner)
        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["licence_number"]
        document = (await client.get("/openapi.json")).json()
        rule = document["components"]["schemas"]["EmployerCreate"]
        assert rule["if"]["properties"]["type"] == {"const": "recruitment_agency"}
        assert rule["then"]["required"] == ["licence_number"]  # and the document says so
        body = await create(client, owner, type="recruitment_agency", licence_number="RA-2026-77")
        assert body["licence_number"] == "RA-2026-77"


class TestVisibility:
    async def test_members_and_staff_see_it_others_do_not(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        employer = await create(client, owner)
        path = f"{URL}/{employer['id']}"
        assert (await client.get(path, headers=owner)).status_code == 200
        assert (await client.get(path, headers=officer)).status_code == 200
        assert (
            await client.get(path, headers=client_bearer(signing_key, "ministry-it", "jobs:read"))
        ).status_code == 200
        assert (
            await client.get(path, headers=client_bearer(signing_key, "other-it", "info:read"))
        ).status_code == 403
        assert (
            await client.get(path, headers=bearer(signing_key, "employer-2", "employer"))
        ).status_code == 403
        assert (await client.get(path)).status_code == 401

    async def test_listing_shows_own_employers_or_all_to_staff(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        await create(client, owner)
        other = bearer(signing_key, "employer-2", "employer")
        await create(client, other, name="Berlin Pflege GmbH", country="DE", city="Berlin")
        mine = (await client.get(URL, headers=owner)).json()
        assert [e["name"] for e in mine["items"]] == ["Azienda Agricola Rossi"]
        everyone = (await client.get(URL, headers=officer)).json()
        assert everyone["total"] == 2
        german = (await client.get(URL, params={"country": "DE"}, headers=officer)).json()
        assert [e["name"] for e in german["items"]] == ["Berlin Pflege GmbH"]


class TestVerification:
    async def test_officer_verifies_and_the_history_keeps_it(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        response = await decide(client, officer, employer["id"], "verified")
        assert response.status_code == 200 and response.json()["status"] == "verified"
        history = (await client.get(f"{URL}/{employer['id']}/status-history", headers=owner)).json()
        assert [(h["from_status"], h["to_status"], h["changed_by"]) for h in history] == [
            (None, "pending", "employer-owner"),
            ("pending", "verified", "officer-1"),
        ]

    async def test_employers_cannot_verify_themselves(
        self, client: httpx.AsyncClient, owner: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        assert (await decide(client, owner, employer["id"], "verified")).status_code == 403

    async def test_rejecting_needs_a_reason(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        response = await decide(client, officer, employer["id"], "rejected")
        assert response.status_code == 422 and "reason" in str(response.json())

    async def test_illegal_change_is_409_naming_the_allowed_ones(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        await decide(client, officer, employer["id"], "verified")
        response = await decide(client, officer, employer["id"], "rejected", "late doubts")
        assert response.status_code == 409
        assert response.json()["allowed"] == ["suspended"] and response.json()["current_status"] == "verified"

    async def test_suspend_and_reinstate(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        await decide(client, officer, employer["id"], "verified")
        suspended = await decide(
            client, officer, employer["id"], "suspended", "complaints from workers under review"
        )
        assert suspended.json()["status"] == "suspended"
        assert (await decide(client, officer, employer["id"], "verified")).json()["status"] == "verified"

    async def test_rejected_employer_resubmits_by_editing(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        await decide(client, officer, employer["id"], "rejected", "registration number not found")
        response = await client.patch(
            f"{URL}/{employer['id']}", json={"registration_number": "IT-LT-654321"}, headers=owner
        )
        assert response.json()["status"] == "pending"

    async def test_verified_employer_changing_legal_details_is_verified_again(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        await decide(client, officer, employer["id"], "verified")
        city = await client.patch(f"{URL}/{employer['id']}", json={"city": "Fondi"}, headers=owner)
        assert city.json()["status"] == "verified" and city.json()["city"] == "Fondi"
        renamed = await client.patch(f"{URL}/{employer['id']}", json={"name": "Rossi Srl"}, headers=owner)
        assert renamed.json()["status"] == "pending"

    async def test_null_clears_only_what_an_employer_may_leave_empty(
        self, client: httpx.AsyncClient, owner: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        for field in ("name", "city", "sector", "registration_number", "contact_email"):
            refused = await client.patch(f"{URL}/{employer['id']}", json={field: None}, headers=owner)
            assert refused.status_code == 422, (field, refused.text)
            assert [error["field"] for error in refused.json()["errors"]] == [field]
        cleared = await client.patch(
            f"{URL}/{employer['id']}", json={"website": None, "contact_phone": None}, headers=owner
        )
        assert cleared.status_code == 200, cleared.text
        assert cleared.json()["website"] is None and cleared.json()["contact_phone"] is None
        assert cleared.json()["name"] == employer["name"]

    async def test_officers_cannot_edit_employer_details(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer = await create(client, owner)
        assert (
            await client.patch(f"{URL}/{employer['id']}", json={"city": "Roma"}, headers=officer)
        ).status_code == 403


class TestMembers:
    async def test_invitation_makes_a_colleague_a_member(
        self, client: httpx.AsyncClient, owner: dict[str, str], signing_key: SigningKey
    ) -> None:
        employer = await create(client, owner)
        invitation = await client.post(f"{URL}/{employer['id']}/invitations", headers=owner)
        assert invitation.status_code == 201
        colleague = bearer(signing_key, "employer-2", "employer")
        accepted = await client.post(
            f"{URL}/invitations/accept", json={"code": invitation.json()["code"]}, headers=colleague
        )
        assert accepted.status_code == 200 and accepted.json()["id"] == employer["id"]
        assert (await client.get(f"{URL}/{employer['id']}", headers=colleague)).status_code == 200
        again = await client.post(
            f"{URL}/invitations/accept",
            json={"code": invitation.json()["code"]},
            headers=bearer(signing_key, "employer-3", "employer"),
        )
        assert again.status_code == 404

    async def test_only_owners_invite_and_remove(
        self, client: httpx.AsyncClient, owner: dict[str, str], signing_key: SigningKey
    ) -> None:
        employer = await create(client, owner)
        code = (await client.post(f"{URL}/{employer['id']}/invitations", headers=owner)).json()["code"]
        colleague = bearer(signing_key, "employer-2", "employer")
        await client.post(f"{URL}/invitations/accept", json={"code": code}, headers=colleague)
        assert (
            await client.post(f"{URL}/{employer['id']}/invitations", headers=colleague)
        ).status_code == 403
        assert (
            await client.delete(f"{URL}/{employer['id']}/members/employer-owner", headers=colleague)
        ).status_code == 403
        assert (
            await client.delete(f"{URL}/{employer['id']}/members/employer-2", headers=owner)
        ).status_code == 204
        assert (await client.get(f"{URL}/{employer['id']}", headers=colleague)).status_code == 403

    async def test_the_last_owner_stays(self, client: httpx.AsyncClient, owner: dict[str, str]) -> None:
        employer = await create(client, owner)
        response = await client.delete(f"{URL}/{employer['id']}/members/employer-owner", headers=owner)
        assert response.status_code == 409

    async def test_a_bad_code_is_404(self, client: httpx.AsyncClient, owner: dict[str, str]) -> None:
        response = await client.post(
            f"{URL}/invitations/accept", json={"code": "made-up-code-123"}, headers=owner
        )
        assert response.status_code == 404
