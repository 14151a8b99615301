"""Employment abroad: arrival, employment and its early termination, contract extensions and changes of
employer on the timeline, and who reads the employment record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import (
    bearer,
    client_bearer,
    employer_body,
    programme_body,
    published_vacancy,
    seeker_body,
    today,
)

from imis_jobs.config import JobsSettings
from imis_jobs.events import EVENT_SETUP
from imis_testing import SigningKey
from imis_testing.events import account_deleted, deliver

API = "/api/v1/jobs"
LATER = (today() + timedelta(days=730)).isoformat()

Headers = dict[str, str]


@pytest.fixture
async def vacancy(client: httpx.AsyncClient, owner: Headers, officer: Headers) -> dict[str, Any]:
    return await published_vacancy(client, owner, officer)


@pytest.fixture
async def profile(client: httpx.AsyncClient, seeker: Headers) -> dict[str, Any]:
    created = await client.post(f"{API}/seekers/me", json=seeker_body(), headers=seeker)
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


async def step(
    client: httpx.AsyncClient, headers: Headers, application_id: str, to: str, **fields: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/applications/{application_id}/transitions", json={"to": to, **fields}, headers=headers
    )


async def walk(
    client: httpx.AsyncClient, application_id: str, steps: list[tuple[Headers, str, dict[str, Any]]]
) -> None:
    for headers, to, fields in steps:
        response = await step(client, headers, application_id, to, **fields)
        assert response.status_code == 200, (to, response.text)


def arrived(**changes: Any) -> dict[str, Any]:
    return {"arrived_on": today().isoformat(), **changes}


def employed(**changes: Any) -> dict[str, Any]:
    return {"started_on": today().isoformat(), "contract_ends_on": LATER, **changes}


async def departed(
    client: httpx.AsyncClient, seeker: Headers, owner: Headers, officer: Headers, vacancy: dict[str, Any]
) -> str:
    """An application of ``seeker`` to ``vacancy`` walked to `departed`; its id."""
    applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=seeker)
    assert applied.status_code == 201, applied.text
    application_id: str = applied.json()["id"]
    await walk(
        client,
        application_id,
        [
            (owner, "shortlisted", {}),
            (owner, "offered", {}),
            (seeker, "accepted", {}),
            (officer, "contract_signed", {}),
            (officer, "visa_issued", {}),
            (officer, "departed", {}),
        ],
    )
    return application_id


async def employed_application(
    client: httpx.AsyncClient, seeker: Headers, owner: Headers, officer: Headers, vacancy: dict[str, Any]
) -> str:
    application_id = await departed(client, seeker, owner, officer, vacancy)
    await walk(client, application_id, [(seeker, "arrived", arrived()), (owner, "employed", employed())])
    return application_id


def fields_of(response: httpx.Response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


async def seen(client: httpx.AsyncClient, headers: Headers, application_id: str) -> dict[str, Any]:
    response = await client.get(f"{API}/applications/{application_id}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


class TestStepsAbroad:
    async def test_the_worker_arrives_the_employer_employs_and_terminates_the_officer_records_the_return(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        application_id = await departed(client, seeker, owner, officer, vacancy)
        assert (await seen(client, seeker, application_id))["allowed_next"] == ["arrived"]
        response = await step(client, seeker, application_id, "arrived", **arrived())
        assert response.status_code == 200, response.text
        assert response.json()["timeline"][-1]["arrived_on"] == today().isoformat()
        assert (await seen(client, owner, application_id))["allowed_next"] == ["employed"]
        response = await step(client, owner, application_id, "employed", **employed())
        assert response.status_code == 200, response.text
        event = response.json()["timeline"][-1]
        assert (event["started_on"], event["contract_ends_on"], event["actor"]) == (
            today().isoformat(),
            LATER,
            "employer",
        )
        response = await step(
            client,
            owner,
            application_id,
            "terminated",
            termination_reason="employer_closed",
            note="Ward closed.",
        )
        assert response.status_code == 200, response.text
        assert response.json()["timeline"][-1]["termination_reason"] == "employer_closed"
        response = await step(client, officer, application_id, "returned", returned_as_agreed=True)
        assert response.status_code == 200 and response.json()["status"] == "returned"
        assert response.json()["returned_as_agreed"] is True
        assert [e["to_status"] for e in response.json()["timeline"]][-4:] == [
            "arrived",
            "employed",
            "terminated",
            "returned",
        ]

    async def test_officers_take_every_step_abroad_and_return_from_each_state(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        application_id = await departed(client, seeker, owner, officer, vacancy)
        await walk(
            client,
            application_id,
            [
                (officer, "arrived", arrived()),
                (officer, "employed", employed()),
                (officer, "terminated", {"termination_reason": "health", "note": "Sent home ill."}),
            ],
        )
        assert (await seen(client, officer, application_id))["allowed_next"] == ["returned"]
        for state in ("departed", "arrived", "employed"):  # another application per state
            other = await client.post(
                f"{API}/vacancies",
                json={**_vacancy_fields(vacancy), "title": f"Nurse {state}"},
                headers=owner,
            )
            assert other.status_code == 201, other.text
            await client.post(
                f"{API}/vacancies/{other.json()['id']}/status", json={"status": "published"}, headers=owner
            )
            other_id = await departed(client, seeker, owner, officer, other.json())
            if state != "departed":
                await walk(client, other_id, [(seeker, "arrived", arrived())])
            if state == "employed":
                await walk(client, other_id, [(owner, "employed", employed())])
            returned = await step(client, officer, other_id, "returned")
            assert returned.status_code == 200, (state, returned.text)

    async def test_each_party_takes_only_its_own_steps(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        application_id = await departed(client, seeker, owner, officer, vacancy)
        assert (await step(client, owner, application_id, "arrived", **arrived())).status_code == 409
        assert (await step(client, officer, application_id, "employed", **employed())).status_code == 409
        assert (await step(client, machine, application_id, "arrived", **arrived())).status_code == 403
        await walk(client, application_id, [(seeker, "arrived", arrived())])
        assert (await step(client, seeker, application_id, "employed", **employed())).status_code == 409
        assert (await step(client, seeker, application_id, "withdrawn")).status_code == 409
        await walk(client, application_id, [(owner, "employed", employed())])
        terminate = {"termination_reason": "worker_resigned", "note": "Resigned."}
        assert (await step(client, seeker, application_id, "terminated", **terminate)).status_code == 409
        for headers in (seeker, owner):
            assert (await step(client, headers, application_id, "returned")).status_code == 409
        assert (await seen(client, officer, application_id))["status"] == "employed"

    @pytest.mark.parametrize(
        ("to", "fields", "field"),
        [
            ("arrived", {}, "arrived_on"),
            ("arrived", {"arrived_on": (today() + timedelta(days=1)).isoformat()}, "arrived_on"),
            (
                "arrived",
                {"arrived_on": (today() - timedelta(days=1)).isoformat()},
                "arrived_on",
            ),  # before departure
            ("arrived", {"arrived_on": "yesterday"}, "arrived_on"),
            ("arrived", {**arrived(), "started_on": today().isoformat()}, "started_on"),
            ("arrived", {**arrived(), "termination_reason": "health"}, "termination_reason"),
            ("returned", {"arrived_on": today().isoformat()}, "arrived_on"),
        ],
    )
    async def test_bad_arrivals_are_refused_naming_the_field_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        to: str,
        fields: dict[str, Any],
        field: str,
    ) -> None:
        application_id = await departed(client, seeker, owner, officer, vacancy)
        response = await step(client, officer, application_id, to, **fields)
        assert response.status_code == 422 and fields_of(response) == [field], response.text
        after = await seen(client, officer, application_id)
        assert after["status"] == "departed" and len(after["timeline"]) == 7

    async def test_bad_employment_and_termination_are_refused_naming_the_field(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        application_id = await departed(client, seeker, owner, officer, vacancy)
        await walk(client, application_id, [(seeker, "arrived", arrived())])
        bad_employment = [
            ({"started_on": today().isoformat()}, "contract_ends_on"),
            ({"contract_ends_on": LATER}, "started_on"),
            (employed(contract_ends_on=today().isoformat()), "contract_ends_on"),
            (employed(started_on=(today() + timedelta(days=3)).isoformat()), "started_on"),
            (employed(started_on=(today() - timedelta(days=3)).isoformat()), "started_on"),  # before arrival
            (employed(arrived_on=today().isoformat()), "arrived_on"),
        ]
        for fields, field in bad_employment:
            response = await step(client, owner, application_id, "employed", **fields)
            assert response.status_code == 422 and fields_of(response) == [field], (fields, response.text)
        await walk(client, application_id, [(owner, "employed", employed())])
        bad_termination = [
            ({"note": "Closed."}, "termination_reason"),
            ({"termination_reason": "employer_closed"}, "note"),
            ({"termination_reason": "employer_closed", "note": "  "}, "note"),
            ({"termination_reason": "bankrupt", "note": "Closed."}, "termination_reason"),
        ]
        for fields, field in bad_termination:
            response = await step(client, owner, application_id, "terminated", **fields)
            assert response.status_code == 422 and fields_of(response) == [field], (fields, response.text)
        after = await seen(client, officer, application_id)
        assert after["status"] == "employed" and len(after["timeline"]) == 9

    async def test_the_document_states_each_steps_fields(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/openapi.json")).json()
        rules = document["components"]["schemas"]["TransitionIn"]["allOf"]
        required = {
            rule["if"]["properties"]["to"]["const"]: rule["then"].get("required")
            for rule in rules
            if "const" in rule["if"]["properties"]["to"]
        }
        assert required["arrived"] == ["arrived_on"]
        assert required["employed"] == ["started_on", "contract_ends_on"]
        assert "termination_reason" in required["terminated"] or required["terminated"] == ["note"]
        description = document["paths"]["/api/v1/jobs/applications/{application_id}/transitions"]["post"][
            "description"
        ]
        assert "| `departed` | `arrived` | officer, seeker |" in description
        assert "| `employed` | `terminated` | employer, officer |" in description


def _vacancy_fields(vacancy: dict[str, Any]) -> dict[str, Any]:
    from jobs_helpers import vacancy_body

    return vacancy_body(vacancy["employer"]["id"])


class TestPlacementsCountTheStatesAbroad:
    async def test_an_employed_worker_counts_as_placed_and_departed_also_once_they_deleted_their_account(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        settings: JobsSettings,
    ) -> None:
        programme = (await client.post(f"{API}/programmes", json=programme_body(), headers=officer)).json()
        in_programme = await client.post(
            f"{API}/vacancies",
            json={**_vacancy_fields(vacancy), "programme_id": programme["id"]},
            headers=owner,
        )
        assert in_programme.status_code == 201, in_programme.text
        published = await client.post(
            f"{API}/vacancies/{in_programme.json()['id']}/status", json={"status": "published"}, headers=owner
        )
        assert published.status_code == 200, published.text
        await employed_application(client, seeker, owner, officer, in_programme.json())
        statistics = (await client.get(f"{API}/statistics", headers=officer)).json()
        (row,) = [p for p in statistics["placements_by_programme"] if p["programme_id"] == programme["id"]]
        assert (row["placements"], row["departed"], row["quota_used"]) == (1, 1, 1)
        assert statistics["applications_by_status"]["employed"] == 1

        # The worker deletes their account: the profile and the application go, the placement stays
        # counted, anonymised (docs/privacy.md).
        await deliver(settings.database_url, EVENT_SETUP.handlers[0], account_deleted("seeker-1"))
        assert (await client.get(f"{API}/seekers/me", headers=seeker)).status_code == 404
        after = (await client.get(f"{API}/statistics", headers=officer)).json()
        (kept,) = [p for p in after["placements_by_programme"] if p["programme_id"] == programme["id"]]
        assert (kept["placements"], kept["departed"], kept["quota_used"]) == (1, 1, 1)
        assert after["applications_by_status"]["employed"] == 1


async def change(
    client: httpx.AsyncClient, headers: Headers, application_id: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"{API}/applications/{application_id}/employment-changes", json=body, headers=headers
    )


async def employment(client: httpx.AsyncClient, headers: Headers, application_id: str) -> httpx.Response:
    return await client.get(f"{API}/applications/{application_id}/employment", headers=headers)


class TestEmploymentChanges:
    async def test_extensions_and_a_change_of_employer_stay_employed_on_the_timeline(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        application_id = await employed_application(client, seeker, owner, officer, vacancy)
        extended = (today() + timedelta(days=1000)).isoformat()
        response = await change(
            client, owner, application_id, kind="contract_extended", contract_ends_on=extended
        )
        assert response.status_code == 201, response.text
        record = response.json()
        assert record["contract_ends_on"] == extended and record["initial_contract_ends_on"] == LATER
        assert [e["contract_ends_on"] for e in record["extensions"]] == [extended]
        assert record["employer_id"] == vacancy["employer"]["id"] and record["employer_name"]
        moved = await change(
            client,
            seeker,
            application_id,
            kind="employer_changed",
            employer_name="Ospedale San Carlo",
            started_on=today().isoformat(),
            reason="The ward closed; a colleague found me a place.",
        )
        assert moved.status_code == 201, moved.text
        record = moved.json()
        assert (record["employer_id"], record["employer_name"]) == (None, "Ospedale San Carlo")
        assert record["employer_changes"][0]["actor"] == "seeker"
        assert record["contract_ends_on"] == extended  # no new end given: the current one stands
        # The worker has moved on: the first employer no longer extends; an officer does.
        later = (today() + timedelta(days=1200)).isoformat()
        refused = await change(
            client, owner, application_id, kind="contract_extended", contract_ends_on=later
        )
        assert refused.status_code == 403
        by_officer = await change(
            client, officer, application_id, kind="contract_extended", contract_ends_on=later
        )
        assert by_officer.status_code == 201 and by_officer.json()["contract_ends_on"] == later
        timeline = (await seen(client, seeker, application_id))["timeline"]
        changes = [e for e in timeline if e["change"]]
        assert [(e["from_status"], e["to_status"], e["change"]) for e in changes] == [
            ("employed", "employed", "contract_extended"),
            ("employed", "employed", "employer_changed"),
            ("employed", "employed", "contract_extended"),
        ]
        assert (await seen(client, seeker, application_id))["status"] == "employed"

    async def test_an_officer_names_a_registered_employer(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        application_id = await employed_application(client, seeker, owner, officer, vacancy)
        other_owner = bearer(signing_key, "employer-2", "employer")
        registered = await client.post(
            f"{API}/employers", json=employer_body(name="Clinica Verdi"), headers=other_owner
        )
        assert registered.status_code == 201, registered.text
        response = await change(
            client,
            officer,
            application_id,
            kind="employer_changed",
            employer_id=registered.json()["id"],
            started_on=today().isoformat(),
            contract_ends_on=LATER,
            reason="Transferred with the ministry's agreement.",
        )
        assert response.status_code == 201, response.text
        assert response.json()["employer_id"] == registered.json()["id"]
        assert response.json()["employer_name"] == "Clinica Verdi"

    async def test_who_may_record_which_change(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        application_id = await departed(client, seeker, owner, officer, vacancy)
        extend = {"kind": "contract_extended", "contract_ends_on": LATER}
        move = {
            "kind": "employer_changed",
            "employer_name": "X",
            "started_on": today().isoformat(),
            "reason": "Y",
        }
        assert (await change(client, owner, application_id, **extend)).status_code == 409  # not employed yet
        await walk(client, application_id, [(seeker, "arrived", arrived()), (owner, "employed", employed())])
        assert (await change(client, seeker, application_id, **extend)).status_code == 403
        assert (await change(client, owner, application_id, **move)).status_code == 403
        stranger = bearer(signing_key, "seeker-2", "job_seeker")
        assert (await change(client, stranger, application_id, **move)).status_code == 403
        assert (await change(client, {}, application_id, **move)).status_code == 401
        machine = client_bearer(signing_key, "ministry-it", "jobs:read")
        assert (await change(client, machine, application_id, **extend)).status_code == 403
        record = (await employment(client, officer, application_id)).json()
        assert record["extensions"] == [] and record["employer_changes"] == []

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"kind": "contract_extended"}, "contract_ends_on"),
            ({"kind": "contract_extended", "contract_ends_on": LATER}, "contract_ends_on"),  # not later
            ({"kind": "contract_extended", "contract_ends_on": "2030-02-30"}, "contract_ends_on"),
            (
                {"kind": "contract_extended", "contract_ends_on": "2099-01-01", "employer_name": "X"},
                "employer_name",
            ),
            ({"kind": "employer_changed", "started_on": today().isoformat(), "reason": "Y"}, "employer_name"),
            (
                {
                    "kind": "employer_changed",
                    "employer_name": "X",
                    "employer_id": "1f0e7c6a-1111-4111-8111-111111111111",
                    "started_on": today().isoformat(),
                    "reason": "Y",
                },
                "employer_name",
            ),
            ({"kind": "employer_changed", "employer_name": "X", "started_on": today().isoformat()}, "reason"),
            ({"kind": "employer_changed", "employer_name": "X", "reason": "Y"}, "started_on"),
            (
                {
                    "kind": "employer_changed",
                    "employer_name": "X",
                    "reason": "Y",
                    "started_on": (today() + timedelta(days=2)).isoformat(),
                },
                "started_on",
            ),
            (
                {
                    "kind": "employer_changed",
                    "employer_id": "1f0e7c6a-1111-4111-8111-111111111111",
                    "started_on": today().isoformat(),
                    "reason": "Y",
                },
                "employer_id",
            ),
            ({"kind": "promotion"}, "kind"),
            ({"kind": "contract_extended", "contract_ends_on": "2099-01-01", "salary": 3}, "salary"),
        ],
    )
    async def test_bad_changes_are_refused_naming_the_field_and_nothing_is_written(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        body: dict[str, Any],
        field: str,
    ) -> None:
        application_id = await employed_application(client, seeker, owner, officer, vacancy)
        response = await change(client, officer, application_id, **body)
        assert response.status_code == 422 and fields_of(response) == [field], response.text
        record = (await employment(client, officer, application_id)).json()
        assert (
            record["extensions"] == []
            and record["employer_changes"] == []
            and record["contract_ends_on"] == LATER
        )


class TestEmploymentRecordAccess:
    async def test_the_record_is_read_as_the_application_is(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
        signing_key: SigningKey,
    ) -> None:
        application_id = await employed_application(client, seeker, owner, officer, vacancy)
        for headers in (seeker, owner, officer):
            response = await employment(client, headers, application_id)
            assert response.status_code == 200, response.text
            record = response.json()
            assert record["status"] == "employed" and record["departed_on"] == today().isoformat()
            assert (record["arrived_on"], record["started_on"], record["contract_ends_on"]) == (
                today().isoformat(),
                today().isoformat(),
                LATER,
            )
            assert record["termination"] is None and record["returned_on"] is None
        other_seeker = bearer(signing_key, "seeker-2", "job_seeker")
        created = await client.post(
            f"{API}/seekers/me", json=seeker_body(email="o@example.org"), headers=other_seeker
        )
        assert created.status_code == 201
        other_owner = bearer(signing_key, "employer-2", "employer")
        other = await client.post(f"{API}/employers", json=employer_body(name="Other"), headers=other_owner)
        verified = await client.post(
            f"{API}/employers/{other.json()['id']}/status", json={"status": "verified"}, headers=officer
        )
        assert verified.status_code == 200
        for headers in (other_seeker, other_owner, client_bearer(signing_key, "m", "jobs:read")):
            assert (await employment(client, headers, application_id)).status_code == 403
        assert (await employment(client, {}, application_id)).status_code == 401
        unknown = "1f0e7c6a-1111-4111-8111-111111111111"
        assert (await employment(client, officer, unknown)).status_code == 404

    async def test_a_termination_shows_in_the_record(
        self,
        client: httpx.AsyncClient,
        seeker: Headers,
        owner: Headers,
        officer: Headers,
        vacancy: dict[str, Any],
        profile: dict[str, Any],
    ) -> None:
        application_id = await employed_application(client, seeker, owner, officer, vacancy)
        await walk(
            client,
            application_id,
            [
                (
                    officer,
                    "terminated",
                    {"termination_reason": "permit_refused_or_expired", "note": "Permit lapsed."},
                )
            ],
        )
        record = (await employment(client, seeker, application_id)).json()
        assert record["status"] == "terminated"
        assert record["termination"]["reason"] == "permit_refused_or_expired"
        assert (
            record["termination"]["note"] == "Permit lapsed." and record["termination"]["actor"] == "officer"
        )
