"""Bodies of the application endpoints, and of the seeker's data export."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic.config import JsonDict

from imis_jobs.applications.models import Actor, ApplicationStatus, InterviewResult
from imis_shared.schemas import StrictModel
from imis_shared.validators import NOT_BLANK_PATTERN, Trimmed

Note = Annotated[str, Trimmed(2000, blank_ok=True)]


class ApplyIn(StrictModel):
    note: Note | None = Field(default=None, description="A message to the employer.")


class InviteIn(StrictModel):
    seeker_id: uuid.UUID
    note: Note | None = None


# Steps that may carry an interview's result: those out of `interview` (the service checks the state).
RESULT_STEPS = (ApplicationStatus.OFFERED, ApplicationStatus.REJECTED)


def _when_to(condition: JsonDict, then: JsonDict) -> JsonDict:
    return {"if": {"properties": {"to": condition}, "required": ["to"]}, "then": then}


class TransitionIn(StrictModel):
    # The document states the rules across fields that the body alone decides.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when_to(
                    {"const": ApplicationStatus.REJECTED.value},
                    {
                        "required": ["note"],
                        "properties": {"note": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
                    },
                ),
                _when_to(
                    {"not": {"enum": [status.value for status in RESULT_STEPS]}},
                    {"properties": {"interview_result": {"type": "null"}}},
                ),
                _when_to(
                    {"not": {"const": ApplicationStatus.RETURNED.value}},
                    {"properties": {"returned_as_agreed": {"type": "null"}}},
                ),
            ]
        }
    )

    to: ApplicationStatus
    note: Note | None = Field(
        default=None,
        validate_default=True,
        description="Shown on the timeline; required when rejecting (say why).",
    )
    interview_result: InterviewResult | None = Field(
        default=None,
        description="Only on a step out of `interview` (to `offered` or `rejected`): how the interview went.",
    )
    returned_as_agreed: bool | None = Field(
        default=None,
        description="Only on the step to `returned`: whether the worker kept the return obligation.",
    )

    @field_validator("note")
    @classmethod
    def _rejections_say_why(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("to") == ApplicationStatus.REJECTED and not value:
            raise ValueError("say why the application is rejected")
        return value

    @field_validator("interview_result")
    @classmethod
    def _result_out_of_an_interview(
        cls, value: InterviewResult | None, info: ValidationInfo
    ) -> InterviewResult | None:
        to = info.data.get("to")
        if value is not None and to is not None and to not in RESULT_STEPS:
            raise ValueError("only on a step out of an interview (to offered or rejected)")
        return value

    @field_validator("returned_as_agreed")
    @classmethod
    def _only_on_return(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        to = info.data.get("to")
        if value is not None and to is not None and to != ApplicationStatus.RETURNED:
            raise ValueError("only on the step to returned")
        return value


class EventOut(BaseModel):
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    actor: Actor
    actor_id: str
    note: str | None
    interview_result: InterviewResult | None
    occurred_at: datetime


class ContactOut(BaseModel):
    phone: str | None
    email: str | None


class ApplicationOut(BaseModel):
    id: uuid.UUID
    vacancy_id: uuid.UUID
    vacancy_title: str
    employer_id: uuid.UUID
    seeker_id: uuid.UUID
    seeker_name: str
    status: ApplicationStatus
    invited: bool = Field(description="True when the employer invited the seeker to apply.")
    seeker_contact: ContactOut | None = Field(
        description="Shown to the employer once the seeker applied or accepted the invitation."
    )
    allowed_next: list[ApplicationStatus] = Field(description="Steps the caller may take now.")
    returned_as_agreed: bool | None = Field(
        description="Recorded by the officer with the return: whether the worker kept the return obligation."
    )
    return_due_on: date | None = Field(
        description="Recorded with the departure under a programme's return obligation: the day the worker "
        "must be back by (departure + the programme's `max_stay_months`)."
    )
    timeline: list[EventOut]
    created_at: datetime
    updated_at: datetime


class OverdueReturnOut(BaseModel):
    """A worker who departed under a programme's return obligation and is past the day to be back."""

    application_id: uuid.UUID
    vacancy_id: uuid.UUID
    vacancy_title: str
    seeker_id: uuid.UUID
    seeker_name: str
    return_due_on: date
    days_overdue: int = Field(ge=1)
