"""Helpers of the jobs tests: callers with roles, and common bodies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

# Re-exported: the tests take their callers' headers from their helpers module.
from imis_testing import bearer as bearer
from imis_testing import client_bearer as client_bearer


def today() -> date:
    """The service's date (UTC), read when it is used.

    Tests compute a date just before or after the request that checks it,
    never once at import: a run that crosses midnight would otherwise send
    yesterday's date to a server already living in the new day.
    """
    return datetime.now(UTC).date()


def employer_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Azienda Agricola Rossi",
        "type": "direct_employer",
        "country": "IT",
        "city": "Latina",
        "sector": "Agriculture",
        "registration_number": "IT-LT-123456",
        "website": "https://rossi.example",
        "contact_email": "HR@Rossi.example",
        "contact_phone": "+39 06 1234 5678",
    }
    body.update(changes)
    return body


SPECIALIST_NURSE = "18e14e61-495b-44cc-a7c6-df4c625934ba"


def vacancy_body(employer_id: object, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "employer_id": str(employer_id),
        "title": "Specialist nurse, cardiology ward",
        "occupation_id": SPECIALIST_NURSE,
        "description": "Nurses for the cardiology ward of a public hospital in Milan.",
        "destination_country": "IT",
        "destination_city": "Milano",
        "positions": 4,
        "contract_type": "fixed_term",
        "contract_months": 24,
        "salary_min": "1900.00",
        "salary_max": "2400.00",
        "salary_currency": "EUR",
        "salary_period": "month",
        "hours_per_week": 36,
        "employer_pays_travel": True,
        "employer_pays_accommodation": False,
        "employer_pays_visa": True,
        "languages": [{"language": "it", "min_level": "B1"}],
        "min_education_level": 6,
        "min_experience_years": 2,
        "application_deadline": "2099-12-31",
    }
    body.update(changes)
    return body


def programme_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Italy-Egypt nursing 2027",
        "destination_country": "IT",
        "origin_country": "EG",
        "eligible_citizenships": ["EG"],
        "isco_groups": ["222"],
        # Running now: accepting and departing happen only within a programme's dates.
        "starts_on": (today() - timedelta(days=30)).isoformat(),
        "ends_on": (today() + timedelta(days=365)).isoformat(),
        "quota": 3,
    }
    body.update(changes)
    return body


def seeker_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Mona Adel",
        "date_of_birth": "1994-05-17",
        "citizenship": "EG",
        "residence_country": "EG",
        "residence_subdivision": "EG-C",
        "phone": "+20 100 123 4567",
        "email": "mona@example.org",
        "occupations": [{"occupation_id": SPECIALIST_NURSE, "years": 6}],
        "languages": [{"language": "ar", "level": "C2"}, {"language": "it", "level": "B1"}],
        "education_level": 6,
        "education_field": "Nursing",
        "preferred_countries": ["IT", "DE"],
        "discoverable": True,
    }
    body.update(changes)
    return body


async def verified_employer(
    client: Any, owner: dict[str, str], officer: dict[str, str], verify: bool = True
) -> str:
    """Register an employer as ``owner`` and (unless told not to) have ``officer`` verify it."""
    employer = (await client.post("/api/v1/jobs/employers", json=employer_body(), headers=owner)).json()
    if verify:
        response = await client.post(
            f"/api/v1/jobs/employers/{employer['id']}/status", json={"status": "verified"}, headers=officer
        )
        assert response.status_code == 200, response.text
    employer_id: str = employer["id"]
    return employer_id


async def published_vacancy(
    client: Any, owner: dict[str, str], officer: dict[str, str], **changes: Any
) -> dict[str, Any]:
    """A verified employer's vacancy, published."""
    employer_id = await verified_employer(client, owner, officer)
    response = await client.post(
        "/api/v1/jobs/vacancies", json=vacancy_body(employer_id, **changes), headers=owner
    )
    assert response.status_code == 201, response.text
    vacancy: dict[str, Any] = response.json()
    published = await client.post(
        f"/api/v1/jobs/vacancies/{vacancy['id']}/status", json={"status": "published"}, headers=owner
    )
    assert published.status_code == 200, published.text
    return vacancy
