"""Hand-over to the partner ministry (Italy-Albania's selected-candidate list): partners bound to a
programme receive the selected candidates who agreed to the current words, with only the fields of
their agreement, in JSON, CSV or portable records; every hand-over is audited."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from jobs_helpers import bearer, client_bearer, programme_body, published_vacancy, seeker_body

from imis_testing import SigningKey

API = "/api/v1/jobs"
FIELDS = ["identity", "languages", "verifications", "placement"]


async def step(client: httpx.AsyncClient, application_id: str, to: str, headers: dict[str, str]) -> None:
    moved = await client.post(
        f"{API}/applications/{application_id}/transitions", json={"to": to}, headers=headers
    )
    assert moved.status_code == 200, moved.text


async def agree(
    client: httpx.AsyncClient,
    programme_id: str,
    headers: dict[str, str],
    granted: bool = True,
    language: str = "ar",
) -> httpx.Response:
    words = (
        await client.get(
            f"{API}/programmes/{programme_id}/sharing-consent-text", params={"language": language}
        )
    ).json()
    return await client.put(
        f"{API}/seekers/me/sharing-consents/{programme_id}",
        json={"granted": granted, "language": language, "text_version": words["text_version"]},
        headers=headers,
    )


@pytest.fixture
async def scene(
    client: httpx.AsyncClient, signing_key: SigningKey, owner: dict[str, str], officer: dict[str, str]
) -> dict[str, Any]:
    """A programme with a partner, a vacancy in it, and four seekers offered a place."""
    programme = (
        await client.post(
            f"{API}/programmes",
            json=programme_body(name="Italia-Albania infermieri 2027", eligible_citizenships=["AL", "EG"]),
            headers=officer,
        )
    ).json()
    bound = await client.post(
        f"{API}/programmes/{programme['id']}/partners",
        json={
            "client_id": "it-labour-ministry",
            "name": "Ministero del Lavoro",
            "country": "IT",
            "fields": FIELDS,
        },
        headers=officer,
    )
    assert bound.status_code == 201, bound.text
    vacancy = await published_vacancy(client, owner, officer, programme_id=programme["id"])
    people: dict[str, dict[str, str]] = {}
    applications: dict[str, str] = {}
    for name in ("Agreed", "Silent", "Withdrew", "Formula"):
        headers = bearer(signing_key, f"user-{name}", "job_seeker")
        full_name = "=HYPERLINK(1)" if name == "Formula" else name
        created = await client.post(
            f"{API}/seekers/me", json=seeker_body(full_name=full_name), headers=headers
        )
        assert created.status_code == 201, created.text
        applied = await client.post(f"{API}/vacancies/{vacancy['id']}/applications", json={}, headers=headers)
        assert applied.status_code == 201, applied.text
        await step(client, applied.json()["id"], "shortlisted", owner)
        await step(client, applied.json()["id"], "offered", owner)
        people[name], applications[name] = headers, applied.json()["id"]
        people[name]["id"] = created.json()["id"]
    for name in ("Agreed", "Withdrew", "Formula"):
        assert (await agree(client, programme["id"], people[name])).status_code == 200
    assert (await agree(client, programme["id"], people["Withdrew"], granted=False)).status_code == 200
    check = {
        "seeker_id": people["Agreed"]["id"],
        "kind": "medical_fitness",
        "outcome": "passed",
        "checked_on": (date.today() - timedelta(days=3)).isoformat(),
        "notes": "Asthma, controlled.",
    }
    assert (await client.post(f"{API}/verifications", json=check, headers=officer)).status_code == 201
    partner = client_bearer(signing_key, "it-labour-ministry", "jobs:handover")
    return {"programme": programme, "people": people, "partner": partner, "vacancy": vacancy}


def names(page: httpx.Response) -> list[str]:
    assert page.status_code == 200, page.text
    return sorted(item["identity"]["full_name"] for item in page.json()["items"])


class TestHandover:
    async def test_the_partner_receives_who_agreed_with_only_its_fields_and_it_is_audited(
        self, client: httpx.AsyncClient, officer: dict[str, str], scene: dict[str, Any]
    ) -> None:
        url = f"{API}/programmes/{scene['programme']['id']}/handover"
        page = await client.get(url, headers=scene["partner"])
        assert names(page) == ["=HYPERLINK(1)", "Agreed"]
        record = next(i for i in page.json()["items"] if i["identity"]["full_name"] == "Agreed")
        assert record["contact"] is None and record["residence"] is None and record["skills"] is None
        assert record["identity"]["date_of_birth"] == "1994-05-17"
        assert record["placement"]["vacancy_title"] == scene["vacancy"]["title"]
        assert [v["kind"] for v in record["verifications"]] == ["medical_fitness"]
        assert "Asthma" not in page.text and "phone" not in page.text
        audit = (
            await client.get(f"{API}/programmes/{scene['programme']['id']}/handovers", headers=officer)
        ).json()
        assert audit["total"] == 1
        (entry,) = audit["items"]
        assert (entry["recipient"], entry["recipient_name"], entry["seekers"], entry["format"]) == (
            "it-labour-ministry",
            "Ministero del Lavoro",
            2,
            "json",
        )
        export = (await client.get(f"{API}/seekers/me/export", headers=scene["people"]["Agreed"])).json()
        assert [
            (r["recipient_name"], r["recipient_country"], r["format"]) for r in export["received_by"]
        ] == [("Ministero del Lavoro", "IT", "json")]
        assert export["received_by"][0]["fields"] == sorted(FIELDS)
        assert [v["kind"] for v in export["verifications"]] == ["medical_fitness"]
        assert export["verifications"][0]["notes"] == "Asthma, controlled."  # their own, in full
        assert [c["purpose"] for c in export["consents"]][-1] == "partner_sharing"
        silent = (await client.get(f"{API}/seekers/me/export", headers=scene["people"]["Silent"])).json()
        assert silent["received_by"] == []

    async def test_csv_and_portable_records(self, client: httpx.AsyncClient, scene: dict[str, Any]) -> None:
        base = f"{API}/programmes/{scene['programme']['id']}/handover"
        sheet = await client.get(f"{base}.csv", headers=scene["partner"])
        assert sheet.status_code == 200, sheet.text
        assert sheet.headers["content-type"].startswith("text/csv") and sheet.headers["x-total-count"] == "2"
        rows = list(csv.DictReader(io.StringIO(sheet.text)))
        columns = "seeker_id application_id status full_name date_of_birth citizenship languages"
        columns += " verifications vacancy_title employer_name destination_country destination_city"
        assert sorted(rows[0]) == sorted(columns.split())
        assert sorted(row["full_name"] for row in rows) == ["'=HYPERLINK(1)", "Agreed"]  # never a formula
        portable = await client.get(f"{base}/portable", headers=scene["partner"])
        assert portable.status_code == 200, portable.text
        item = next(i for i in portable.json()["items"] if i["full_name"] == "Agreed")
        assert item["nationality"] == ["EG"] and item["work_experience"] is None
        assert {x["iso639_1"]: x["cefr_declared"] for x in item["languages"]} == {"ar": "C2", "it": "B1"}

    async def test_new_words_need_a_new_agreement(
        self, client: httpx.AsyncClient, officer: dict[str, str], scene: dict[str, Any]
    ) -> None:
        programme_id = scene["programme"]["id"]
        again = await client.post(
            f"{API}/programmes/{programme_id}/partners",
            json={"client_id": "it-inps", "name": "INPS", "country": "IT", "fields": ["contact"]},
            headers=officer,
        )
        assert again.status_code == 201, again.text
        mine = await client.get(
            f"{API}/seekers/me/sharing-consents/{programme_id}", headers=scene["people"]["Agreed"]
        )
        assert mine.json()["granted"] is True and mine.json()["current"] is False
        assert (
            await client.get(f"{API}/programmes/{programme_id}/handover", headers=scene["partner"])
        ).json()["total"] == 0
        assert (
            await agree(client, programme_id, scene["people"]["Agreed"], language="fr")
        ).status_code == 200
        page = await client.get(f"{API}/programmes/{programme_id}/handover", headers=scene["partner"])
        assert names(page) == ["Agreed"]

    async def test_the_words_name_the_partner_in_the_seekers_language_and_stale_words_are_refused(
        self, client: httpx.AsyncClient, scene: dict[str, Any]
    ) -> None:
        programme_id = scene["programme"]["id"]
        words = (
            await client.get(
                f"{API}/programmes/{programme_id}/sharing-consent-text", params={"language": "ar"}
            )
        ).json()
        assert "Ministero del Lavoro (إيطاليا)" in words["text"] and "تاريخ ميلادك" in words["text"]
        stale = await client.put(
            f"{API}/seekers/me/sharing-consents/{programme_id}",
            json={"granted": True, "language": "ar", "text_version": "0123456789abcdef"},
            headers=scene["people"]["Silent"],
        )
        assert stale.status_code == 422 and stale.json()["errors"][0]["field"] == "text_version", stale.text

    async def test_who_receives(
        self,
        client: httpx.AsyncClient,
        signing_key: SigningKey,
        officer: dict[str, str],
        owner: dict[str, str],
        scene: dict[str, Any],
    ) -> None:
        programme_id = scene["programme"]["id"]
        other = (
            await client.post(f"{API}/programmes", json=programme_body(name="Other"), headers=officer)
        ).json()
        url = f"{API}/programmes/{programme_id}/handover"
        stranger = client_bearer(signing_key, "de-ministry", "jobs:handover")
        unscoped = client_bearer(signing_key, "it-labour-ministry", "jobs:read jobs:seekers:read")
        for headers, status in (
            (stranger, 403),
            (unscoped, 403),
            (owner, 403),
            (scene["people"]["Agreed"], 403),
            ({}, 401),
        ):
            assert (await client.get(url, headers=headers)).status_code == status, headers
        outside = await client.get(f"{API}/programmes/{other['id']}/handover", headers=scene["partner"])
        assert outside.status_code == 403, outside.text
        assert (await client.get(url, headers=officer)).status_code == 200
        audit = f"{API}/programmes/{programme_id}/handovers"
        assert (await client.get(audit, headers=scene["partner"])).status_code == 403

    async def test_binding_partners(
        self, client: httpx.AsyncClient, owner: dict[str, str], officer: dict[str, str], scene: dict[str, Any]
    ) -> None:
        url = f"{API}/programmes/{scene['programme']['id']}/partners"
        body = {
            "client_id": "it-labour-ministry",
            "name": "Ministero",
            "country": "IT",
            "fields": ["identity"],
        }
        assert (await client.post(url, json=body, headers=officer)).status_code == 409
        assert (await client.post(url, json=body, headers=owner)).status_code == 403
        twice = body | {"client_id": "x-partner", "fields": ["identity", "identity"]}
        assert (await client.post(url, json=twice, headers=officer)).status_code == 422
        listed = await client.get(url)
        assert [p["client_id"] for p in listed.json()] == ["it-labour-ministry"]
        assert (await client.delete(f"{url}/it-labour-ministry", headers=owner)).status_code == 403
        assert (await client.delete(f"{url}/it-labour-ministry", headers=officer)).status_code == 204
        assert (await client.delete(f"{url}/it-labour-ministry", headers=officer)).status_code == 404
        page = await client.get(
            f"{API}/programmes/{scene['programme']['id']}/handover", headers=scene["partner"]
        )
        assert page.status_code == 403
