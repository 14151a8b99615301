"""A person's data export across the platform (the right of access and to portability): what the
gateway holds about the account, and each service's own export of the person's record, fetched
with the person's own token so that each service decides, as for any call, what they may read."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
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
from imis_gateway.notifications import repository as notifications
from imis_gateway.notifications.views import notification_out
from imis_gateway.personal_data.schemas import AccountConsents, ConsentOut
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
    told = await notifications.every_for(session, account.id)
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
        "notifications": [
            {
                **notification_out(notification).model_dump(mode="json"),
                "deliveries": [
                    {
                        "channel": delivery.channel.value,
                        "status": delivery.status.value,
                        "attempts": delivery.attempts,
                        "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
                    }
                    for delivery in deliveries
                ],
            }
            for notification, deliveries in told
        ],
    }


async def _fetch(
    client: aiohttp.ClientSession,
    url: str,
    service: str,
    authorization: str,
    wait_seconds: float,
) -> Any | None:
    """What the service answers the person at ``url``; None when it holds no record of them (404). A
    service that cannot answer is a 503: a view or an archive without it would tell the person that it
    holds nothing about them."""
    headers = {"Authorization": authorization, "X-Request-ID": current_request_id() or ""}
    failure = ServiceUnavailable(
        f"The {service} service cannot answer now; please try again later.", headers={"Retry-After": "30"}
    )
    try:
        async with client.get(
            url, headers=headers, timeout=aiohttp.ClientTimeout(total=wait_seconds)
        ) as response:
            if response.status == 404:
                return None
            if response.status != 200:
                raise failure
            return await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError):
        raise failure from None


@dataclass(frozen=True)
class Upstreams:
    """The services a view asks, on the person's behalf."""

    client: aiohttp.ClientSession
    bases: Mapping[str, str]
    authorization: str
    wait_seconds: float

    def asked(self, account: UserAccount) -> list[ServiceExport]:
        return [e for e in EXPORTS if e.role in account.roles and e.service in self.bases]

    async def get(self, service: str, path: str) -> Any | None:
        return await _fetch(
            self.client, f"{self.bases[service]}{path}", service, self.authorization, self.wait_seconds
        )


async def export_archive(
    session: AsyncSession, account: UserAccount, upstreams: Upstreams, now: datetime
) -> bytes:
    """The archive: ``README.txt`` in the person's language, ``gateway.json``, and ``<service>.json``
    from each service that holds a record of them."""
    parts: dict[str, Any] = {"gateway": await _gateway_part(session, account)}
    holding: list[str] = []
    for export in upstreams.asked(account):
        part = await upstreams.get(export.service, export.path)
        if part is not None:
            parts[export.service] = part
            holding.append(export.service)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme(account.preferred_language, now, holding))
        for name, part in parts.items():
            archive.writestr(f"{name}.json", json.dumps(part, ensure_ascii=False, indent=2))
    return buffer.getvalue()


JOBS_CONSENTS = "/api/v1/jobs/seekers/me/consents"
DIASPORA_CONSENTS = "/api/v1/diaspora/members/me/consents"
HISTORY_PAGES = 20  # 2,000 answers: far more than a person gives; the fold stops there


async def _jobs_consents(upstreams: Upstreams) -> list[ConsentOut] | None:
    """The latest answer per purpose and programme, folded from the seeker's consent history."""
    latest: dict[tuple[str, str | None], dict[str, Any]] = {}
    for page in range(HISTORY_PAGES):
        body = await upstreams.get("jobs", f"{JOBS_CONSENTS}?limit=100&offset={page * 100}")
        if body is None:
            return None
        for item in body["items"]:  # oldest first: a later answer replaces an earlier one
            latest[(item["purpose"], item["programme_id"])] = item
        if (page + 1) * 100 >= body["total"]:
            break
    return [
        ConsentOut(
            service="jobs",
            purpose=item["purpose"],
            programme_id=item["programme_id"],
            granted=item["granted"],
            text_version=item["text_version"],
            recorded_at=item["recorded_at"],
            recorded_by=item["recorded_by"],
        )
        for _, item in sorted(latest.items(), key=lambda pair: (pair[0][0], pair[0][1] or ""))
    ]


async def _diaspora_consents(upstreams: Upstreams) -> list[ConsentOut] | None:
    """The member's current answers, each with the history entry that gave it."""
    body = await upstreams.get("diaspora", DIASPORA_CONSENTS)
    if body is None:
        return None
    given = {item["purpose"]: item for item in body["history"]}  # oldest first: the last one stands
    return [
        ConsentOut(
            service="diaspora",
            purpose=purpose,
            programme_id=None,
            granted=granted,
            text_version=given[purpose]["text_version"],
            recorded_at=given[purpose]["recorded_at"],
            recorded_by=given[purpose]["recorded_by"],
        )
        for purpose, granted in sorted(body["current"].items())
        if purpose in given
    ]


async def consents_view(account: UserAccount, upstreams: Upstreams) -> AccountConsents:
    """Every service's current consents of the person, in one list."""
    readers = {"jobs": _jobs_consents, "diaspora": _diaspora_consents}
    consents: list[ConsentOut] = []
    services: list[str] = []
    for export in upstreams.asked(account):
        found = await readers[export.service](upstreams)
        if found is not None:
            services.append(export.service)
            consents.extend(found)
    return AccountConsents(consents=consents, services=services)
