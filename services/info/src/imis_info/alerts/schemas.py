"""Alert bodies and responses."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import AwareDatetime, BaseModel, Field, model_validator

from imis_info.alerts.models import Severity
from imis_info.languages import Language, Served
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import CountryCode, Trimmed


class AlertText(StrictModel):
    title: Annotated[str, Trimmed(200)]
    body: Annotated[str, Trimmed(4000)]


def _check(texts: dict[Language, AlertText] | None, start: datetime | None, end: datetime | None) -> None:
    if texts is not None and "en" not in texts:
        raise ValueError("texts needs at least English (en)")
    if start is not None and end is not None and end <= start:
        raise ValueError("valid_until must be after valid_from")


class AlertCreate(StrictModel):
    country: CountryCode
    severity: Severity
    texts: dict[Language, AlertText] = Field(
        description="Title and body per language; English is required.",
        json_schema_extra={"required": ["en"]},
    )
    valid_from: AwareDatetime
    valid_until: AwareDatetime | None = Field(default=None, description="None: until withdrawn.")

    @model_validator(mode="after")
    def _valid(self) -> AlertCreate:
        _check(self.texts, self.valid_from, self.valid_until)
        return self


class AlertUpdate(ChangeModel):
    clearable: ClassVar[frozenset[str]] = frozenset({"valid_until"})

    severity: Severity | None = None
    texts: dict[Language, AlertText] | None = Field(
        default=None,
        description="Texts to add or replace; must include English.",
        json_schema_extra={"required": ["en"]},
    )
    valid_from: AwareDatetime | None = None
    valid_until: AwareDatetime | None = Field(default=None, description="null: until withdrawn.")

    @model_validator(mode="after")
    def _valid(self) -> AlertUpdate:
        _check(self.texts, self.valid_from, self.valid_until)
        return self


class AlertOut(Served):
    """An alert in the served language (falling back like articles)."""

    id: uuid.UUID
    country: CountryCode
    severity: Severity
    title: str
    body: str
    valid_from: datetime
    valid_until: datetime | None


class AlertEditorOut(BaseModel):
    id: uuid.UUID
    country: CountryCode
    severity: Severity
    texts: dict[str, AlertText]
    valid_from: datetime
    valid_until: datetime | None
    updated_by: str
