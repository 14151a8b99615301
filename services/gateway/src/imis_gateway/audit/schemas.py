"""Response body of the audit-log endpoint."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEventOut(BaseModel):
    id: uuid.UUID
    occurred_at: datetime
    event: str
    outcome: str
    actor_id: str | None
    subject_id: str | None
    client_address: str | None
    request_id: str | None
    details: dict[str, Any]
