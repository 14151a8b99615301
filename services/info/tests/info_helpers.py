"""Helpers of the info tests: callers with roles, bodies, and a published article in one call."""

from __future__ import annotations

from typing import Any

import httpx

# Re-exported: the tests take their callers' headers from their helpers module.
from imis_testing import bearer as bearer
from imis_testing import client_bearer as client_bearer

API = "/api/v1/info"


def country_body(role: str = "destination", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "role": role,
        "summary": {"en": "Sample summary.", "ar": "ملخص تجريبي."},
        "emergency_numbers": [{"service": "general", "number": "112"}],
    }
    body.update(changes)
    return body


def translation_body(language: str = "en", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "language": language,
        "slug": f"work-permit-italy-{language}",
        "title": "Work permits for seasonal agricultural work in Italy",
        "summary": "How an employer in Italy requests a work permit under the annual quota decree.",
        "body": "## Steps\n\nThe employer applies for the **nulla osta** at the immigration desk.",
        "sources": [{"title": "Ministry of the Interior", "url": "https://www.interno.gov.it/"}],
    }
    body.update(changes)
    return body


def article_body(country: str | None = "IT", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "country": country,
        "topics": ["work-permits"],
        "isco_groups": ["9211"],
        "translation": translation_body(),
    }
    body.update(changes)
    return body


async def put_country(
    client: httpx.AsyncClient, editor: dict[str, str], code: str = "IT", **changes: Any
) -> None:
    response = await client.put(f"{API}/countries/{code}", json=country_body(**changes), headers=editor)
    assert response.status_code in (200, 201), response.text


def translation_url(article_id: str, language: str = "en") -> str:
    return f"{API}/articles/{article_id}/translations/{language}"


async def move(
    client: httpx.AsyncClient, who: dict[str, str], article_id: str, status: str, language: str = "en"
) -> httpx.Response:
    return await client.post(
        f"{translation_url(article_id, language)}/status", json={"status": status}, headers=who
    )


async def publish(
    client: httpx.AsyncClient,
    author: dict[str, str],
    approver: dict[str, str],
    article_id: str,
    language: str = "en",
) -> dict[str, Any]:
    submitted = await move(client, author, article_id, "in_review", language)
    assert submitted.status_code == 200, submitted.text
    approved = await move(client, approver, article_id, "published", language)
    assert approved.status_code == 200, approved.text
    result: dict[str, Any] = approved.json()
    return result


async def draft_article(
    client: httpx.AsyncClient, author: dict[str, str], body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Create an article (its country's profile too); returns its first translation, a draft."""
    body = body or article_body()
    if body.get("country"):
        await put_country(client, author, body["country"])
    created = await client.post(f"{API}/articles", json=body, headers=author)
    assert created.status_code == 201, created.text
    result: dict[str, Any] = created.json()
    return result


async def published_article(
    client: httpx.AsyncClient,
    author: dict[str, str],
    approver: dict[str, str],
    body: dict[str, Any] | None = None,
) -> str:
    """Create an article (its country's profile too) and publish its first translation."""
    draft = await draft_article(client, author, body)
    article_id: str = draft["article_id"]
    await publish(client, author, approver, article_id, draft["language"])
    return article_id
