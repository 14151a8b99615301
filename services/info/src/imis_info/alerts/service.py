"""Alerts: editors issue and change them, about a country that has a profile."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.alerts.models import Alert
from imis_info.alerts.schemas import AlertCreate, AlertUpdate
from imis_info.countries import service as countries
from imis_shared.errors import ValidationFailed


def _texts(texts: dict[str, object]) -> dict[str, object]:
    return {str(language): text for language, text in texts.items()}


async def create(session: AsyncSession, body: AlertCreate, editor: str) -> Alert:
    await countries.require(session, body.country)
    alert = Alert(
        country=body.country,
        severity=body.severity,
        texts=_texts(body.model_dump()["texts"]),
        valid_from=body.valid_from,
        valid_until=body.valid_until,
        updated_by=editor,
    )
    session.add(alert)
    await session.flush()
    return alert


async def update(session: AsyncSession, alert: Alert, body: AlertUpdate, editor: str) -> Alert:
    changes = body.model_dump(exclude_unset=True)
    valid_from = changes.get("valid_from", alert.valid_from)
    valid_until = changes.get("valid_until", alert.valid_until)
    if valid_until is not None and valid_until <= valid_from:
        raise ValidationFailed.field("valid_until", "valid_until must be after valid_from", "value_error")
    if "texts" in changes:  # null only where AlertUpdate.clearable allows
        alert.texts = {**alert.texts, **_texts(changes.pop("texts"))}
    for name, value in changes.items():
        setattr(alert, name, value)
    alert.updated_by = editor
    await session.flush()
    return alert
