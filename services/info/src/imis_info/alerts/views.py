"""Building alert responses from rows (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence

from imis_info.alerts.models import SEVERITY_ORDER, Alert
from imis_info.alerts.schemas import AlertEditorOut, AlertOut
from imis_info.languages import LanguageChoice, direction


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


def editor_out(alert: Alert) -> AlertEditorOut:
    return AlertEditorOut.model_validate(alert, from_attributes=True)
