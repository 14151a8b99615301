"""Alerts: editors issue and change them; the public sees those in force."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from imis_info.alerts.models import SEVERITY_ORDER, Alert
from imis_info.alerts.schemas import AlertCreate, AlertOut, AlertUpdate
from imis_info.countries import service as countries
from imis_info.languages import LanguageChoice, direction
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
    if "texts" in changes:
        if changes["texts"] is None:
            raise ValidationFailed.field("texts", "texts cannot be null", "value_error")
        alert.texts = {**alert.texts, **_texts(changes.pop("texts"))}
    for name, value in changes.items():
        if value is None and name != "valid_until":
            raise ValidationFailed.field(name, f"{name} cannot be null", "value_error")
        setattr(alert, name, value)
    alert.updated_by = editor
    await session.flush()
    return alert


def alert_out(alert: Alert, choice: LanguageChoice) -> AlertOut:
    language = choice.pick(alert.texts) or choice.fallback
    text = alert.texts.get(language) or {"title": "", "body": ""}
    return AlertOut(
        id=alert.id,
        country=alert.country,
        severity=alert.severity,
        title=text["title"],
        body=text["body"],
        valid_from=alert.valid_from,
        valid_until=alert.valid_until,
        language=language,
        dir=direction(language),
    )


def most_severe_first(alerts: Sequence[Alert], choice: LanguageChoice) -> list[AlertOut]:
    ordered = sorted(alerts, key=lambda a: (SEVERITY_ORDER[a.severity], -a.valid_from.timestamp(), str(a.id)))
    return [alert_out(alert, choice) for alert in ordered]
