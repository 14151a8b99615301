"""Topic bodies and responses."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from imis_info.languages import Language, Served
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import Trimmed

Label = Annotated[str, Trimmed(120)]
TopicCode = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)]


class TopicCreate(StrictModel):
    code: TopicCode
    labels: dict[Language, Label] = Field(
        description="A label per language; English is required.", json_schema_extra={"required": ["en"]}
    )
    position: int = Field(default=100, ge=0, le=10000, description="Sort order in lists.")

    @field_validator("labels")
    @classmethod
    def _english_required(cls, labels: dict[Language, str]) -> dict[Language, str]:
        if "en" not in labels:
            raise ValueError("needs at least the English label (en)")
        return labels


class TopicUpdate(ChangeModel):
    labels: dict[Language, Label] | None = Field(default=None, description="Labels to add or replace.")
    position: int | None = Field(default=None, ge=0, le=10000)


class TopicOut(Served):
    code: str
    label: str = Field(description="In the served language.")
    labels: dict[str, str]
    position: int
