"""Bodies of the application endpoints, and of the seeker's data export."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.config import JsonDict

from imis_jobs.applications.models import (
    Actor,
    ApplicationStatus,
    EmploymentChange,
    InterviewResult,
    TerminationReason,
)
from imis_shared.schemas import StrictModel
from imis_shared.validators import NOT_BLANK_PATTERN, Name, Trimmed

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


# The fields a step abroad records, by the state it goes to: required there, refused elsewhere.
STEP_FIELDS: dict[ApplicationStatus, tuple[str, ...]] = {
    ApplicationStatus.ARRIVED: ("arrived_on",),
    ApplicationStatus.EMPLOYED: ("started_on", "contract_ends_on"),
    ApplicationStatus.TERMINATED: ("termination_reason",),
}
# Steps whose note must say why.
NOTE_REQUIRED = (ApplicationStatus.REJECTED, ApplicationStatus.TERMINATED)


def _step_field_rules() -> list[JsonDict]:
    """For each step abroad: its fields are required (and not null) on it, null on any other step."""
    rules: list[JsonDict] = []
    for status, fields in STEP_FIELDS.items():
        not_null: JsonDict = {field: {"not": {"type": "null"}} for field in fields}
        nulls: JsonDict = {field: {"type": "null"} for field in fields}
        rules.append(_when_to({"const": status.value}, {"required": list(fields), "properties": not_null}))
        rules.append(_when_to({"not": {"const": status.value}}, {"properties": nulls}))
    return rules


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
                _when_to(
                    {"const": ApplicationStatus.TERMINATED.value},
                    {
                        "required": ["note"],
                        "properties": {"note": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
                    },
                ),
                *_step_field_rules(),
            ]
        }
    )

    to: ApplicationStatus
    note: Note | None = Field(
        default=None,
        validate_default=True,
        description="Shown on the timeline; required when rejecting or terminating (say why).",
    )
    interview_result: InterviewResult | None = Field(
        default=None,
        description="Only on a step out of `interview` (to `offered` or `rejected`): how the interview went.",
    )
    returned_as_agreed: bool | None = Field(
        default=None,
        description="Only on the step to `returned`: whether the worker kept the return obligation.",
    )
    arrived_on: date | None = Field(
        default=None,
        description="Required on the step to `arrived`, only there: the day the worker arrived abroad "
        "(today or earlier, not before the departure).",
    )
    started_on: date | None = Field(
        default=None,
        description="Required on the step to `employed`, only there: the day the employment started "
        "(today or earlier, not before the arrival).",
    )
    contract_ends_on: date | None = Field(
        default=None,
        description="Required on the step to `employed`, only there: the contract's last day (after "
        "started_on).",
    )
    termination_reason: TerminationReason | None = Field(
        default=None,
        description="Required on the step to `terminated`, only there (with a `note`): why the employment "
        "ended early.",
    )

    @field_validator("note")
    @classmethod
    def _rejections_say_why(cls, value: str | None, info: ValidationInfo) -> str | None:
        to = info.data.get("to")
        if to in NOTE_REQUIRED and not value:
            raise ValueError(f"say why the application is {to}")
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

    @model_validator(mode="after")
    def _step_fields_with_their_step(self) -> Self:
        for status, fields in STEP_FIELDS.items():
            for field in fields:
                given = getattr(self, field) is not None
                if self.to == status and not given:
                    raise ValueError(f"{field}: required on the step to {status.value}")
                if self.to != status and given:
                    raise ValueError(f"{field}: only on the step to {status.value}")
        if self.started_on and self.contract_ends_on and self.contract_ends_on <= self.started_on:
            raise ValueError("contract_ends_on: must be after started_on")
        return self


class EventOut(BaseModel):
    from_status: ApplicationStatus | None
    to_status: ApplicationStatus
    actor: Actor
    actor_id: str
    note: str | None
    interview_result: InterviewResult | None
    arrived_on: date | None = Field(description="The step to `arrived`.")
    started_on: date | None = Field(description="The step to `employed`; a change of employer.")
    contract_ends_on: date | None = Field(
        description="The step to `employed`; a contract extension (the new end); a change of employer."
    )
    termination_reason: TerminationReason | None = Field(description="The step to `terminated`.")
    change: EmploymentChange | None = Field(
        description="A change while `employed` (from and to `employed`); null for a step."
    )
    employer_id: uuid.UUID | None = Field(description="A change of employer to one registered in IMIS.")
    employer_name: str | None = Field(description="A change of employer: the new employer.")
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


def _when_kind(kind: EmploymentChange, then: JsonDict) -> JsonDict:
    return {"if": {"properties": {"kind": {"const": kind.value}}, "required": ["kind"]}, "then": then}


class EmploymentChangeIn(StrictModel):
    """A change while `employed`: a contract extension or a change of employer abroad."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _when_kind(
                    EmploymentChange.CONTRACT_EXTENDED,
                    {
                        "required": ["contract_ends_on"],
                        "properties": {
                            "contract_ends_on": {"not": {"type": "null"}},
                            "employer_id": {"type": "null"},
                            "employer_name": {"type": "null"},
                            "started_on": {"type": "null"},
                        },
                    },
                ),
                _when_kind(
                    EmploymentChange.EMPLOYER_CHANGED,
                    {
                        "required": ["started_on", "reason"],
                        "properties": {
                            "started_on": {"not": {"type": "null"}},
                            "reason": {"type": "string", "pattern": NOT_BLANK_PATTERN},
                        },
                        "oneOf": [
                            {
                                "required": ["employer_id"],
                                "properties": {
                                    "employer_id": {"not": {"type": "null"}},
                                    "employer_name": {"type": "null"},
                                },
                            },
                            {
                                "required": ["employer_name"],
                                "properties": {
                                    "employer_name": {"not": {"type": "null"}},
                                    "employer_id": {"type": "null"},
                                },
                            },
                        ],
                    },
                ),
            ]
        }
    )

    kind: EmploymentChange = Field(
        description="`contract_extended` (the employer or an officer) or `employer_changed` (an officer, "
        "or the worker reporting it)."
    )
    contract_ends_on: date | None = Field(
        default=None,
        description="`contract_extended` (required): the new last day, after the current one. "
        "`employer_changed` (optional): the new contract's last day, after started_on.",
    )
    employer_id: uuid.UUID | None = Field(
        default=None,
        description="`employer_changed`: the new employer, when registered in IMIS; or give employer_name.",
    )
    employer_name: Name | None = Field(
        default=None, description="`employer_changed`: the new employer's name, when not registered in IMIS."
    )
    started_on: date | None = Field(
        default=None,
        description="`employer_changed` (required): the first day with the new employer (today or earlier, "
        "not before the employment started).",
    )
    reason: Note | None = Field(
        default=None,
        description="Required for `employer_changed`: why the worker changed employer; optional otherwise. "
        "Shown on the timeline as the note.",
    )

    @model_validator(mode="after")
    def _fields_of_the_kind(self) -> Self:
        if self.kind == EmploymentChange.CONTRACT_EXTENDED:
            if self.contract_ends_on is None:
                raise ValueError("contract_ends_on: required to extend the contract")
            for field in ("employer_id", "employer_name", "started_on"):
                if getattr(self, field) is not None:
                    raise ValueError(f"{field}: only with a change of employer")
            return self
        if self.employer_id is None and self.employer_name is None:
            raise ValueError("employer_name: give the new employer's name or its employer_id")
        if self.employer_id is not None and self.employer_name is not None:
            raise ValueError("employer_name: give employer_id or employer_name, not both")
        if self.started_on is None:
            raise ValueError("started_on: required with a change of employer")
        if not self.reason:
            raise ValueError("reason: say why the worker changed employer")
        if self.contract_ends_on is not None and self.contract_ends_on <= self.started_on:
            raise ValueError("contract_ends_on: must be after started_on")
        return self


class ExtensionOut(BaseModel):
    contract_ends_on: date = Field(description="The new last day.")
    note: str | None
    actor: Actor
    actor_id: str
    occurred_at: datetime


class EmployerChangeOut(BaseModel):
    employer_id: uuid.UUID | None = Field(description="When the new employer is registered in IMIS.")
    employer_name: str
    started_on: date
    contract_ends_on: date | None = Field(description="The new contract's last day, when given.")
    reason: str | None
    actor: Actor
    actor_id: str
    occurred_at: datetime


class TerminationOut(BaseModel):
    reason: TerminationReason
    note: str | None
    actor: Actor
    actor_id: str
    occurred_at: datetime


class EmploymentOut(BaseModel):
    """A placement's employment abroad, as its timeline records it."""

    application_id: uuid.UUID
    status: ApplicationStatus
    departed_on: date | None = Field(description="The day the departure was recorded.")
    arrived_on: date | None
    started_on: date | None = Field(description="The day the employment started.")
    contract_ends_on: date | None = Field(
        description="The current contract's last day: the employment's, after extensions and changes of "
        "employer."
    )
    initial_contract_ends_on: date | None = Field(description="The last day of the first contract.")
    employer_id: uuid.UUID | None = Field(
        description="The current employer when registered in IMIS: the vacancy's, or the latest change's."
    )
    employer_name: str = Field(description="The current employer: the vacancy's, or the latest change's.")
    extensions: list[ExtensionOut]
    employer_changes: list[EmployerChangeOut]
    termination: TerminationOut | None
    returned_on: date | None = Field(description="The day the step to `returned` was recorded.")
