"""Agency regulation (issue 14): the recruitment-fee policy and the ministry's approval of job orders.

The policies are settings (``IMIS_JOBS_RECRUITMENT_FEES``, ``IMIS_JOBS_JOB_ORDER_APPROVAL``); a test
that needs another one overrides the ``settings`` fixture, and a policy change while the service runs
is a second app with the new settings on the same database (a restart, as in production).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, employer_body, vacancy_body, verified_employer

from imis_jobs.config import JobsSettings
from imis_jobs.employers.models import Employer
from imis_jobs.main import create_app
from imis_jobs.vacancies.models import Vacancy
from imis_shared.db import Database
from imis_testing import SigningKey, app_client

URL = "/api/v1/jobs/vacancies"
FEE = {"worker_fee_amount": "150.00", "worker_fee_currency": "EUR"}


@asynccontextmanager
async def restarted(settings: JobsSettings, **policy: Any) -> AsyncIterator[httpx.AsyncClient]:
    """The service started again on the same database, with the ministry's policy changed."""
    async with app_client(create_app(settings.model_copy(update=policy))) as client:
        yield client


async def time_passes(settings: JobsSettings, model: type[Any], row_id: str, **values: Any) -> None:
    """Write ``values`` into a row directly: the API keeps deadlines and licences valid when they are
    set, and only time passing makes them lapse."""
    database = Database(settings.database_url)
    try:
        async with database.sessionmaker() as session:
            row = await session.get(model, uuid.UUID(row_id))
            assert row is not None
            for key, value in values.items():
                setattr(row, key, value)
            await session.commit()
    finally:
        await database.dispose()


async def new_vacancy(
    client: httpx.AsyncClient, owner: dict[str, str], employer_id: str, **changes: Any
) -> dict[str, Any]:
    response = await client.post(URL, json=vacancy_body(employer_id, **changes), headers=owner)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def set_status(
    client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: str, status: str
) -> httpx.Response:
    return await client.post(f"{URL}/{vacancy_id}/status", json={"status": status}, headers=headers)


async def decide(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    vacancy_id: str,
    decision: str,
    note: str | None = None,
) -> httpx.Response:
    return await client.post(
        f"{URL}/{vacancy_id}/approval", json={"decision": decision, "note": note}, headers=headers
    )


async def agency(client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]) -> str:
    """A verified recruitment agency with a licence."""
    body = employer_body(name="Nile Recruitment", type="recruitment_agency", licence_number="RA-2026-77")
    created = await client.post("/api/v1/jobs/employers", json=body, headers=owner)
    assert created.status_code == 201, created.text
    employer_id: str = created.json()["id"]
    verified = await client.post(
        f"/api/v1/jobs/employers/{employer_id}/status", json={"status": "verified"}, headers=officer
    )
    assert verified.status_code == 200, verified.text
    return employer_id


async def publicly_listed(client: httpx.AsyncClient, vacancy_id: str) -> bool:
    listing = await client.get(URL)
    assert listing.status_code == 200, listing.text
    return vacancy_id in {item["id"] for item in listing.json()["items"]}


class TestWorkerFeesUnderEmployerPays:
    """The default policy: workers pay no recruitment fees."""

    async def test_the_default_policy_is_that_the_employer_pays(self) -> None:
        assert JobsSettings().recruitment_fees == "employer_pays"

    async def test_creating_a_vacancy_that_charges_a_fee_is_refused_and_writes_nothing(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        response = await client.post(URL, json=vacancy_body(employer_id, **FEE), headers=owner)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        errors = {e["field"]: e for e in response.json()["errors"]}
        assert errors["worker_fee_amount"]["type"] == "worker_fees_forbidden"
        assert "employer pays" in errors["worker_fee_amount"]["message"]
        listing = await client.get(f"/api/v1/jobs/employers/{employer_id}/vacancies", headers=owner)
        assert listing.json()["total"] == 0

    async def test_a_fee_without_its_currency_names_both_fields(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        body = vacancy_body(employer_id, worker_fee_amount="100.00")
        response = await client.post(URL, json=body, headers=owner)
        assert response.status_code == 422
        assert {e["field"] for e in response.json()["errors"]} == {"worker_fee_amount", "worker_fee_currency"}

    async def test_a_zero_fee_is_accepted(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        body = await new_vacancy(client, owner, employer_id, worker_fee_amount="0.00")
        assert (body["worker_fee_amount"], body["charges_worker_fees"]) == ("0.00", False)

    async def test_adding_a_fee_by_patch_is_refused_and_writes_nothing(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await client.patch(
            f"{URL}/{vacancy['id']}", json={**FEE, "title": "Nurses, fee charged"}, headers=owner
        )
        assert response.status_code == 422, response.text
        assert "worker_fee_amount" in {e["field"] for e in response.json()["errors"]}
        stored = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert (stored["worker_fee_amount"], stored["worker_fee_currency"], stored["title"]) == (
            "0.00",
            None,
            vacancy["title"],
        )

    async def test_an_officer_cannot_add_a_fee_either(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await client.patch(f"{URL}/{vacancy['id']}", json=FEE, headers=officer)
        assert response.status_code == 422
        assert "worker_fee_amount" in {e["field"] for e in response.json()["errors"]}


class TestWorkerFeesUnderWorkerMayPay:
    @pytest.fixture
    def settings(self, settings: JobsSettings) -> JobsSettings:
        return settings.model_copy(update={"recruitment_fees": "worker_may_pay"})

    async def test_the_fee_is_stored_flagged_and_shown_publicly(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id, **FEE)
        assert (vacancy["worker_fee_amount"], vacancy["charges_worker_fees"]) == ("150.00", True)
        assert (await set_status(client, owner, vacancy["id"], "published")).status_code == 200
        public = (await client.get(f"{URL}/{vacancy['id']}")).json()
        assert (
            public["worker_fee_amount"],
            public["worker_fee_currency"],
            public["charges_worker_fees"],
        ) == (
            "150.00",
            "EUR",
            True,
        )
        listed = (await client.get(URL)).json()["items"]
        assert [(v["id"], v["charges_worker_fees"]) for v in listed] == [(vacancy["id"], True)]

    async def test_a_fee_can_be_added_by_patch(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await client.patch(f"{URL}/{vacancy['id']}", json=FEE, headers=owner)
        assert response.status_code == 200, response.text
        assert response.json()["charges_worker_fees"] is True

    async def test_after_the_policy_changes_a_fee_charging_draft_is_not_published(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id, **FEE)
        async with restarted(settings, recruitment_fees="employer_pays") as now:
            refused = await set_status(now, owner, vacancy["id"], "published")
            assert refused.status_code == 409, refused.text
            assert refused.json()["reason"] == "worker_fees_forbidden"
            assert "worker_fee_amount" in refused.json()["detail"]
            stored = (await now.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
            assert (stored["status"], stored["published_at"]) == ("draft", None)
            assert (await now.get(f"{URL}/{vacancy['id']}")).status_code == 404
            # Another change that keeps the fee is refused; removing the fee lets it be published.
            kept = await now.patch(f"{URL}/{vacancy['id']}", json={"positions": 5}, headers=owner)
            assert kept.status_code == 422
            assert "worker_fee_amount" in {e["field"] for e in kept.json()["errors"]}
            fixed = await now.patch(f"{URL}/{vacancy['id']}", json={"worker_fee_amount": "0"}, headers=owner)
            assert fixed.status_code == 200, fixed.text
            assert (await set_status(now, owner, vacancy["id"], "published")).status_code == 200


class TestApprovalOfAllJobOrders:
    @pytest.fixture
    def settings(self, settings: JobsSettings) -> JobsSettings:
        return settings.model_copy(update={"job_order_approval": "all"})

    async def test_asking_to_publish_makes_it_pending_and_not_public(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await set_status(client, owner, vacancy["id"], "published")
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["published_at"]) == ("pending_approval", None)
        assert (await client.get(f"{URL}/{vacancy['id']}")).status_code == 404
        assert not await publicly_listed(client, vacancy["id"])
        assert (await client.get(f"{URL}/{vacancy['id']}", headers=seeker)).status_code == 404
        own = await client.get(f"/api/v1/jobs/employers/{employer_id}/vacancies", headers=owner)
        assert [v["status"] for v in own.json()["items"]] == ["pending_approval"]
        assert (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()[
            "status"
        ] == "pending_approval"

    async def test_approval_publishes_it(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        response = await decide(client, officer, vacancy["id"], "approved")
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["status"] == "published"
        assert body["published_at"] is not None and body["approved_at"] is not None
        assert body["approval_note"] is None
        public = await client.get(f"{URL}/{vacancy['id']}")
        assert public.status_code == 200 and public.json()["approved_at"] == body["approved_at"]
        assert await publicly_listed(client, vacancy["id"])

    async def test_refusal_returns_it_to_draft_with_a_note_its_employer_sees(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        note = "The contract length does not match the work permit; give 12 months."
        response = await decide(client, officer, vacancy["id"], "refused", note)
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["approval_note"]) == ("draft", note)
        seen = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert (seen["status"], seen["approval_note"], seen["approved_at"]) == ("draft", note, None)
        own = await client.get(f"/api/v1/jobs/employers/{employer_id}/vacancies", headers=owner)
        assert [v["approval_note"] for v in own.json()["items"]] == [note]
        assert (await client.get(f"{URL}/{vacancy['id']}")).status_code == 404
        assert not await publicly_listed(client, vacancy["id"])
        # Changed and sent again: the note is cleared, and the officer decides again.
        edited = await client.patch(f"{URL}/{vacancy['id']}", json={"contract_months": 12}, headers=owner)
        assert edited.status_code == 200, edited.text
        again = await set_status(client, owner, vacancy["id"], "published")
        assert (again.json()["status"], again.json()["approval_note"]) == ("pending_approval", None)
        assert (await decide(client, officer, vacancy["id"], "approved")).status_code == 200

    async def test_a_refusal_needs_a_note(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        for note in (None, "   "):
            response = await decide(client, officer, vacancy["id"], "refused", note)
            assert response.status_code == 422 and "note" in str(response.json())
        stored = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert stored["status"] == "pending_approval"
        schema = (await client.get("/openapi.json")).json()["components"]["schemas"]["ApprovalDecision"]
        assert schema["if"]["properties"]["decision"] == {"const": "refused"}
        assert schema["then"]["required"] == ["note"]

    async def test_an_unknown_decision_or_field_is_refused(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        for body in ({"decision": "maybe"}, {"decision": "approved", "approved_by": "someone-else"}):
            response = await client.post(f"{URL}/{vacancy['id']}/approval", json=body, headers=officer)
            assert response.status_code == 422, body

    async def test_only_officers_and_admins_in_person_decide(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        machine = client_bearer(signing_key, "statistics-office", "jobs:read")
        for headers, status in ((owner, 403), (seeker, 403), (machine, 403), ({}, 401)):
            response = await decide(client, headers, vacancy["id"], "approved")
            assert response.status_code == status, (headers, response.text)
        stored = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert stored["status"] == "pending_approval"
        admin = bearer(signing_key, "admin-1", "admin")
        assert (await decide(client, admin, vacancy["id"], "approved")).status_code == 200

    async def test_a_vacancy_not_pending_approval_is_409(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        draft = await decide(client, officer, vacancy["id"], "approved")
        assert draft.status_code == 409 and draft.json()["current_status"] == "draft"
        await set_status(client, owner, vacancy["id"], "published")
        await decide(client, officer, vacancy["id"], "approved")
        twice = await decide(client, officer, vacancy["id"], "refused", "Too late.")
        assert twice.status_code == 409 and twice.json()["current_status"] == "published"

    async def test_an_unknown_vacancy_is_404(
        self, client: httpx.AsyncClient, officer: dict[str, str]
    ) -> None:
        response = await decide(client, officer, "00000000-0000-0000-0000-000000000000", "approved")
        assert response.status_code == 404

    async def test_approval_after_the_employer_was_suspended_is_409(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        suspended = await client.post(
            f"/api/v1/jobs/employers/{employer_id}/status",
            json={"status": "suspended", "reason": "Complaints about contract substitution."},
            headers=officer,
        )
        assert suspended.status_code == 200, suspended.text
        response = await decide(client, officer, vacancy["id"], "approved")
        assert response.status_code == 409
        assert response.json()["employer_status"] == "suspended"
        stored = (await client.get(f"{URL}/{vacancy['id']}", headers=officer)).json()
        assert (stored["status"], stored["published_at"], stored["approved_at"]) == (
            "pending_approval",
            None,
            None,
        )
        # The officer can still refuse it, saying why.
        assert (
            await decide(client, officer, vacancy["id"], "refused", "Employer suspended.")
        ).status_code == 200

    async def test_approval_after_the_deadline_passed_is_409(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        yesterday = date.today() - timedelta(days=1)
        await time_passes(settings, Vacancy, vacancy["id"], application_deadline=yesterday)
        response = await decide(client, officer, vacancy["id"], "approved")
        assert response.status_code == 409 and "deadline" in response.json()["detail"]

    async def test_approval_after_the_fee_policy_changed_is_409(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        async with restarted(settings, recruitment_fees="worker_may_pay") as before:
            vacancy = await new_vacancy(before, owner, employer_id, **FEE)
            assert (await set_status(before, owner, vacancy["id"], "published")).status_code == 200
        response = await decide(client, officer, vacancy["id"], "approved")
        assert response.status_code == 409 and response.json()["reason"] == "worker_fees_forbidden"

    async def test_the_employer_withdraws_a_pending_job_order(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        by_officer = await set_status(client, officer, vacancy["id"], "draft")
        assert by_officer.status_code == 403
        withdrawn = await set_status(client, owner, vacancy["id"], "draft")
        assert withdrawn.status_code == 200, withdrawn.text
        assert withdrawn.json()["status"] == "draft"
        assert (await decide(client, officer, vacancy["id"], "approved")).status_code == 409

    async def test_a_pending_job_order_is_neither_changed_nor_published_by_its_employer(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        again = await set_status(client, owner, vacancy["id"], "published")
        assert again.status_code == 409
        assert (again.json()["current_status"], again.json()["allowed"]) == ("pending_approval", ["draft"])
        edit = await client.patch(f"{URL}/{vacancy['id']}", json={"positions": 9}, headers=owner)
        assert edit.status_code == 409
        closed = await set_status(client, owner, vacancy["id"], "closed")
        assert closed.status_code == 409
        stored = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert (stored["status"], stored["positions"]) == ("pending_approval", vacancy["positions"])

    async def test_a_published_vacancy_cannot_be_withdrawn_to_draft(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        await decide(client, officer, vacancy["id"], "approved")
        response = await set_status(client, owner, vacancy["id"], "draft")
        assert response.status_code == 409 and response.json()["allowed"] == ["closed", "filled"]

    async def test_the_publishing_checks_apply_when_asking(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer, verify=False)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await set_status(client, owner, vacancy["id"], "published")
        assert response.status_code == 409 and response.json()["employer_status"] == "pending"


class TestApprovalOfAgencies:
    @pytest.fixture
    def settings(self, settings: JobsSettings) -> JobsSettings:
        return settings.model_copy(update={"job_order_approval": "agencies"})

    async def test_an_agencys_job_order_awaits_approval(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await agency(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await set_status(client, owner, vacancy["id"], "published")
        assert response.json()["status"] == "pending_approval"
        assert (await decide(client, officer, vacancy["id"], "approved")).json()["status"] == "published"

    async def test_a_direct_employer_publishes_at_once(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        response = await set_status(client, owner, vacancy["id"], "published")
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["approved_at"]) == ("published", None)
        assert await publicly_listed(client, vacancy["id"])

    async def test_an_agency_whose_licence_expired_meanwhile_is_not_approved(
        self,
        client: httpx.AsyncClient,
        settings: JobsSettings,
        owner: dict[str, str],
        officer: dict[str, str],
    ) -> None:
        employer_id = await agency(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        yesterday = date.today() - timedelta(days=1)
        await time_passes(settings, Employer, employer_id, licence_valid_until=yesterday)
        response = await decide(client, officer, vacancy["id"], "approved")
        assert response.status_code == 409 and "licence" in response.json()["detail"]


class TestApprovalNotRequired:
    async def test_publishing_is_immediate_and_the_approval_route_has_nothing_to_decide(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await agency(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        published = await set_status(client, owner, vacancy["id"], "published")
        assert published.json()["status"] == "published"
        assert (await decide(client, officer, vacancy["id"], "approved")).status_code == 409


class TestListingJobOrdersAwaitingApproval:
    @pytest.fixture
    def settings(self, settings: JobsSettings) -> JobsSettings:
        return settings.model_copy(update={"job_order_approval": "all"})

    async def test_staff_list_them_by_status(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        signing_key: SigningKey,
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        pending = await new_vacancy(client, owner, employer_id, title="Pending nurses")
        await set_status(client, owner, pending["id"], "published")
        draft = await new_vacancy(client, owner, employer_id, title="Draft nurses")
        machine = client_bearer(signing_key, "statistics-office", "jobs:read")
        for headers in (officer, machine):
            listing = await client.get(URL, params={"status": "pending_approval"}, headers=headers)
            assert listing.status_code == 200, listing.text
            assert [v["id"] for v in listing.json()["items"]] == [pending["id"]]
        drafts = await client.get(URL, params={"status": "draft"}, headers=officer)
        assert [v["id"] for v in drafts.json()["items"]] == [draft["id"]]
        assert (await client.get(URL, headers=officer)).json()["total"] == 0

    async def test_others_may_not_filter_by_a_status_not_published(
        self,
        client: httpx.AsyncClient,
        owner: dict[str, str],
        officer: dict[str, str],
        seeker: dict[str, str],
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        pending = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, pending["id"], "published")
        for headers, status in ((owner, 403), (seeker, 403), ({}, 401)):
            response = await client.get(URL, params={"status": "pending_approval"}, headers=headers)
            assert response.status_code == status, response.text
        for headers in (owner, seeker, {}):
            response = await client.get(URL, params={"status": "published"}, headers=headers)
            assert response.status_code == 200 and response.json()["total"] == 0
            assert (await client.get(URL, headers=headers)).json()["total"] == 0

    async def test_a_bad_status_is_422(self, client: httpx.AsyncClient, officer: dict[str, str]) -> None:
        response = await client.get(URL, params={"status": "approved"}, headers=officer)
        assert response.status_code == 422

    async def test_the_public_never_sees_the_officers_note(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str]
    ) -> None:
        employer_id = await verified_employer(client, owner, officer)
        vacancy = await new_vacancy(client, owner, employer_id)
        await set_status(client, owner, vacancy["id"], "published")
        await decide(client, officer, vacancy["id"], "approved", "Checked against the bilateral agreement.")
        assert (await client.get(f"{URL}/{vacancy['id']}")).json()["approval_note"] is None
        assert [v["approval_note"] for v in (await client.get(URL)).json()["items"]] == [None]
        seen = (await client.get(f"{URL}/{vacancy['id']}", headers=owner)).json()
        assert seen["approval_note"] == "Checked against the bilateral agreement."
