"""Helpers of the diaspora tests: callers with roles, ESCO ids and common bodies."""

from __future__ import annotations

from typing import Any

import httpx

# Re-exported: the tests take their callers' headers from their helpers module.
from imis_testing import bearer as bearer
from imis_testing import client_bearer as client_bearer

API = "/api/v1/diaspora"

# ESCO v1.1.1 concepts used by the tests (label, ISCO-08 unit group).
CIVIL_ENGINEER = "d7d986e1-7333-431b-9719-0c5c6939e360"  # 2142
WATER_ENGINEER = "fcf9024e-277c-43c7-8ec8-8903e5c9c576"  # 2142
HYDROLOGIST = "55167849-82cf-484e-b818-fa702a4e69e9"  # 2114
SOFTWARE_DEVELOPER = "f2b15a0e-e65a-438a-affb-29b9d50b77d1"  # 2512
SPECIALIST_NURSE = "18e14e61-495b-44cc-a7c6-df4c625934ba"  # 2221
IRRIGATION_SYSTEMS = "700ea222-8139-4c48-95cf-014855565530"
HYDRAULICS = "68e66ed6-a171-4350-8ec1-2cfc4cae50e4"
PROJECT_MANAGEMENT = "7111b95d-0ce3-441a-9d92-4c75d05c4388"
CIVIL_ENGINEERING = "82887396-e5bf-4306-af51-3fe8d82790b2"
PYTHON = "ccd0a1d9-afda-43d9-b901-96344886e14d"
NO_SUCH_CONCEPT = "00000000-0000-0000-0000-000000000000"
CONSENT_PURPOSES = ("contact", "directory", "project_suggestions", "statistics")


def member_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "full_name": "Karim Nabil",
        "date_of_birth": "1985-03-02",
        "citizenships": ["EG", "IT"],
        "residence_country": "IT",
        "residence_city": "Torino",
        "emigration_year": 2009,
        "residence_status": "citizen",
        "occupation_id": CIVIL_ENGINEER,
        "sector": "water_sanitation",
        "education_level": 7,
        "education_field": "Hydraulic engineering",
        "skills": [CIVIL_ENGINEERING, HYDRAULICS],
        "languages": [{"language": "ar", "level": "C2"}, {"language": "it", "level": "C1"}],
        "employer": "Acquedotto di Torino",
        "phone": "+39 011 123 4567",
        "email": "Karim.Nabil@example.org",
        "preferred_contact": "email",
    }
    body.update(changes)
    return body


async def register(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    consents: tuple[str, ...] = (),
    **changes: Any,
) -> dict[str, Any]:
    """Register a member as ``headers``' user and give the named consents."""
    response = await client.post(f"{API}/members/me", json=member_body(**changes), headers=headers)
    assert response.status_code == 201, response.text
    for purpose in consents:
        given = await client.put(
            f"{API}/members/me/consents/{purpose}",
            json={"granted": True, "text_version": "2026-01"},
            headers=headers,
        )
        assert given.status_code == 200, given.text
    member: dict[str, Any] = response.json()
    return member


def field_names(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


def project_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Solar irrigation for Aswan smallholders",
        "description": "Replace diesel pumps with solar-powered drip irrigation on 200 farms.",
        "subdivision": "EG-ASN",
        "sector": "water_sanitation",
        "occupation_id": WATER_ENGINEER,
        "skills": [IRRIGATION_SYSTEMS, HYDRAULICS, CIVIL_ENGINEERING],
        "funding_target": "100000",
        "funding_currency": "EUR",
        "expertise_days_sought": 60,
        "volunteer_days_sought": 100,
        "terms_of_reference": "Two engineers for three weeks on site, design review remotely.",
    }
    body.update(changes)
    return body


async def open_project(client: httpx.AsyncClient, officer: dict[str, str], **changes: Any) -> dict[str, Any]:
    """A project created and opened by ``officer``."""
    response = await client.post(f"{API}/projects", json=project_body(**changes), headers=officer)
    assert response.status_code == 201, response.text
    project: dict[str, Any] = response.json()
    opened = await client.post(
        f"{API}/projects/{project['id']}/status", json={"status": "open"}, headers=officer
    )
    assert opened.status_code == 200, opened.text
    result: dict[str, Any] = opened.json()
    return result
