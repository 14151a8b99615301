"""How an audit event is shown to admins: every recorded field."""

from __future__ import annotations

from imis_gateway.audit.models import AuditEvent
from imis_gateway.audit.schemas import AuditEventOut


def audit_event_out(event: AuditEvent) -> AuditEventOut:
    return AuditEventOut.model_validate(event, from_attributes=True)
