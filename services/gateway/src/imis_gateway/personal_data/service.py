"""A person's data export across the platform (the right of access and to portability): what the
gateway holds about the account, and each service's own export of the person's record, fetched
with the person's own token so that each service decides, as for any call, what they may read."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

from imis_gateway.accounts import repository as accounts
from imis_gateway.accounts.models import UserAccount
from imis_gateway.accounts.views import user_out
from imis_gateway.audit import repository as audit
from imis_gateway.audit.views import audit_event_out
from imis_gateway.personal_data.views import readme
from imis_shared.errors import ServiceUnavailable
from imis_shared.request_id import current_request_id


@dataclass(frozen=True)
class ServiceExport:
    """A service's export of the caller's own record, for an account with ``role``."""

    service: str
    role: str
    path: str


EXPORTS = (
    ServiceExport("jobs", "job_seeker", "/api/v1/jobs/seekers/me/export"),
    ServiceExport("diaspora", "diaspora_member", "/api/v1/diaspora/members/me/export"),
)


async def _gateway_part(session: AsyncSession, account: UserAccount) -> dict[str, Any]:
    tokens = await accounts.sessions_of(session, account.id)
    events = await audit.of_account(session, str(account.id))
    return {
        "account": user_out(account).model_dump(mode="json"),
        "sessions": [
            {
                "issued_at": token.issued_at.isoformat(),
                "expires_at": token.expires_at.isoformat(),
                "used_at": token.used_at.isoformat() if token.used_at else None,
                "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
            }
            for token in tokens
        ],
        "security_log": [audit_event_out(event).model_dump(mode="json") for event in events],
    }


async def _service_part(
    client: aiohttp.ClientSession, base: str, export: ServiceExport, authorization: str, wait_seconds: float
) -> Any | None:
    """The service's export, or None when it holds no record of the person (404)."""
    headers = {"Authorization": authorization, "X-Request-ID": current_request_id() or ""}
    failure = f"The {export.service} service could not export your data now; please try again later."
    try:
        async with client.get(
            f"{base}{export.path}", headers=headers, timeout=aiohttp.ClientTimeout(total=wait_seconds)
        ) as response:
            if response.status == 404:
                return None
            if response.status != 200:
                raise ServiceUnavailable(failure, headers={"Retry-After": "30"})
            return await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError):
        raise ServiceUnavailable(failure, headers={"Retry-After": "30"}) from None


async def export_archive(
    session: AsyncSession,
    account: UserAccount,
    *,
    client: aiohttp.ClientSession,
    upstreams: Mapping[str, str],
    authorization: str,
    wait_seconds: float,
    now: datetime,
) -> bytes:
    """The archive: ``README.txt`` in the person's language, ``gateway.json``, and ``<service>.json``
    from each service that holds a record of them. A service that cannot answer fails the whole
    export (503): a partial archive would tell the person that a service holds nothing."""
    parts: dict[str, Any] = {"gateway": await _gateway_part(session, account)}
    asked: list[str] = []
    for export in EXPORTS:
        if export.role in account.roles and export.service in upstreams:
            asked.append(export.service)
            part = await _service_part(client, upstreams[export.service], export, authorization, wait_seconds)
            if part is not None:
                parts[export.service] = part
    holding: Sequence[str] = [name for name in asked if name in parts]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(account.preferred_language, now, holding))
        for name, part in parts.items():
            archive.writestr(f"{name}.json", json.dumps(part, ensure_ascii=False, indent=2))
    return buffer.getvalue()
