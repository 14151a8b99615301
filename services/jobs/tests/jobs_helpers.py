"""Helpers of the jobs tests: callers with roles, and common bodies."""

from __future__ import annotations

from typing import Any

from imis_shared.testing import SigningKey


def bearer(key: SigningKey, subject: str, *roles: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key.token(subject, roles=list(roles))}"}


def client_bearer(key: SigningKey, client_id: str, scope: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key.token(client_id, scope=scope, client_id=client_id)}"}


def employer_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Azienda Agricola Rossi",
        "type": "direct_employer",
        "country": "it",
        "city": "Latina",
        "sector": "Agriculture",
        "registration_number": "IT-LT-123456",
        "website": "https://rossi.example",
        "contact_email": "HR@Rossi.example",
        "contact_phone": "+39 06 1234 5678",
    }
    body.update(changes)
    return body
