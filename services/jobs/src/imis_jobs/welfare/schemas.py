"""Bodies of the welfare endpoints.

A case is opened by the worker or on the worker's behalf (``WelfareCaseIn``) or recorded by an officer
(``RecordedWelfareCaseIn``). What each caller sees of it differs: officers the whole case
(``WelfareCaseOut``), the worker who follows it everything but the officers' internal notes and the
assignee (``FollowedWelfareCaseOut``), the accused employer's members a summary with no description,
notes, messages or reporter, and the worker's name only when the worker agreed
(``EmployerWelfareCaseOut``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from imis_jobs.welfare.models import (
    WelfareCaseStatus,
    WelfareCategory,
    WelfareChannel,
    WelfareEntryKind,
    WelfareOrigin,
    WelfareReferralTarget,
    WelfareSide,
    WelfareUrgency,
    WelfareVisibility,
)
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import NOT_BLANK_PATTERN, CountryCode, Name, Trimmed

Description = Annotated[str, Trimmed(5000)]
Relationship = Annotated[str, Trimmed(100)]
Contact = Annotated[str, Trimmed(200)]
Text = Annotated[str, Trimmed(5000)]
Reason = Annotated[str, Trimmed(2000)]
UserId = Annotated[str, Trimmed(64)]
NOT_BLANK: dict[str, JsonValue] = {"type": "string", "pattern": NOT_BLANK_PATTERN}


class WelfareCaseFields(StrictModel):
    category: WelfareCategory
    employer_id: uuid.UUID | None = Field(
        default=None, description="The employer or recruitment agency complained about; must exist."
    )
    country: CountryCode = Field(description="Where it happens.")
    description: Description = Field(description="What happened; seen by officers and the worker only.")
    urgency: WelfareUrgency = Field(
        default=WelfareUrgency.NORMAL,
        description="Sets the first response's deadline (`IMIS_JOBS_WELFARE_RESPONSE_HOURS_*`).",
    )


class WelfareCaseIn(WelfareCaseFields):
    """A worker's own case, or (``on_behalf``) one a family member opens for the worker."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"on_behalf": {"const": True}}, "required": ["on_behalf"]},
            "then": {
                "required": ["worker_name", "reporter_relationship", "worker_contact"],
                "properties": {
                    "worker_name": NOT_BLANK,
                    "reporter_relationship": NOT_BLANK,
                    "worker_contact": NOT_BLANK,
                },
                "not": {"required": ["application_id"]},
            },
            "else": {"not": {"required": ["reporter_relationship"]}},
        }
    )

    on_behalf: bool = Field(
        default=False,
        description="True: the caller reports for a worker (a family member); then worker_name, "
        "reporter_relationship and worker_contact are required and application_id is not taken.",
    )
    application_id: uuid.UUID | None = Field(
        default=None,
        description="The worker's placement the case is about: one of the caller's applications.",
    )
    worker_name: Name | None = Field(
        default=None, description="The worker's name; the caller's profile's name when left out."
    )
    reporter_relationship: Relationship | None = Field(
        default=None, description="On behalf only: who the reporter is to the worker (e.g. `sister`)."
    )
    worker_contact: Contact | None = Field(
        default=None, description="How the ministry can reach the worker (phone, messaging app, address)."
    )
    identity_shared_with_employer: bool = Field(
        default=False, description="The worker (or reporter) agrees that the accused employer sees the name."
    )

    @model_validator(mode="after")
    def on_behalf_names_the_worker(self) -> Self:
        if self.on_behalf:
            for name in ("worker_name", "reporter_relationship", "worker_contact"):
                if getattr(self, name) is None:
                    raise ValueError(f"{name}: required when reporting on a worker's behalf")
            if "application_id" in self.model_fields_set:
                raise ValueError("application_id: only the worker or an officer names the placement")
        elif "reporter_relationship" in self.model_fields_set:
            raise ValueError("reporter_relationship: only when reporting on a worker's behalf")
        return self


class RecordedWelfareCaseIn(WelfareCaseFields):
    """A case an officer records after a call, a visit or a message."""

    channel: WelfareChannel = Field(description="How the ministry learned of it.")
    seeker_id: uuid.UUID | None = Field(
        default=None,
        description="The worker's profile, when they have one (else taken from application_id): the "
        "worker then follows the case from their account.",
    )
    application_id: uuid.UUID | None = Field(
        default=None, description="The placement the case is about; the worker's when seeker_id is given."
    )
    worker_name: Name | None = Field(
        default=None, description="The worker's name; the profile's when left out. None: anonymous."
    )
    reporter_relationship: Relationship | None = Field(
        default=None, description="When someone else reported it: who they are to the worker."
    )
    worker_contact: Contact | None = None


class WelfareCaseChange(ChangeModel):
    identity_shared_with_employer: bool | None = Field(
        default=None, description="Whether the accused employer sees the worker's name."
    )


class WelfareAssigneeIn(StrictModel):
    officer_id: UserId = Field(description="The user id of the officer handling the case (oneself too).")


class WelfareNoteIn(StrictModel):
    text: Text
    visibility: WelfareVisibility = Field(
        description="`shared`: the worker sees it; `internal`: officers only."
    )


class WelfareMessageIn(StrictModel):
    text: Text


class WelfareStatusIn(StrictModel):
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"status": {"const": "referred"}}, "required": ["status"]},
                    "then": {
                        "required": ["referral_target", "note"],
                        "properties": {
                            "referral_target": {"enum": [target.value for target in WelfareReferralTarget]},
                            "note": NOT_BLANK,
                        },
                    },
                    "else": {"not": {"required": ["referral_target"]}},
                },
                {
                    "if": {"properties": {"status": {"const": "resolved"}}, "required": ["status"]},
                    "then": {
                        "required": ["substantiated"],
                        "properties": {"substantiated": {"type": "boolean"}},
                    },
                },
                {
                    "if": {
                        "properties": {"status": {"enum": ["in_progress", "referred"]}},
                        "required": ["status"],
                    },
                    "then": {"not": {"required": ["substantiated"]}},
                },
            ]
        }
    )

    status: Literal["in_progress", "referred", "resolved", "closed_unresolved"]
    referral_target: WelfareReferralTarget | None = Field(
        default=None, description="Required when referring."
    )
    note: Text | None = Field(
        default=None, description="Required when referring; shown to the worker with the referral."
    )
    substantiated: bool | None = Field(
        default=None,
        description="Whether the complaint proved founded: required when resolving, allowed when closing "
        "unresolved; it counts against the employer.",
    )

    @model_validator(mode="after")
    def each_step_says_what_it_needs(self) -> Self:
        if self.status == "referred":
            if self.referral_target is None:
                raise ValueError("referral_target: required when referring")
            if not self.note:
                raise ValueError("note: say what the referral is for")
        elif "referral_target" in self.model_fields_set:
            raise ValueError("referral_target: only when referring")
        if self.status == "resolved" and self.substantiated is None:
            raise ValueError("substantiated: say whether the complaint proved founded")
        if self.status in {"in_progress", "referred"} and "substantiated" in self.model_fields_set:
            raise ValueError("substantiated: only when resolving or closing")
        return self


class EmployerSuspensionIn(StrictModel):
    reason: Reason = Field(
        description="Why the employer is suspended; kept in its status history (which its members "
        "see) with the case's id. Name no worker here."
    )


class WelfareEntryOut(BaseModel):
    id: uuid.UUID
    kind: WelfareEntryKind
    visibility: WelfareVisibility
    side: WelfareSide = Field(description="Written by the worker's side or by an officer.")
    author_id: str | None = Field(description="Officers' view only; null for the worker.")
    text: str
    created_at: datetime


class WelfareCaseSummary(BaseModel):
    """A case in an officer's list."""

    id: uuid.UUID
    origin: WelfareOrigin
    category: WelfareCategory
    urgency: WelfareUrgency
    status: WelfareCaseStatus
    country: CountryCode
    employer_id: uuid.UUID | None
    seeker_id: uuid.UUID | None
    worker_name: str | None
    assigned_to: str | None
    opened_at: datetime
    first_response_due_at: datetime
    first_responded_at: datetime | None
    overdue: bool = Field(description="No first response yet and its deadline has passed.")


class FollowedWelfareCaseSummary(BaseModel):
    """A case in its worker's list."""

    id: uuid.UUID
    origin: WelfareOrigin
    category: WelfareCategory
    urgency: WelfareUrgency
    status: WelfareCaseStatus
    country: CountryCode
    employer_id: uuid.UUID | None
    worker_name: str | None
    identity_shared_with_employer: bool
    opened_at: datetime


class FollowedWelfareCaseOut(FollowedWelfareCaseSummary):
    """A case as its worker (or reporter) sees it: shared notes and the thread, no internal notes."""

    application_id: uuid.UUID | None
    description: str
    reporter_relationship: str | None
    worker_contact: str | None
    first_responded_at: datetime | None
    referral_target: WelfareReferralTarget | None
    referral_note: str | None
    substantiated: bool | None
    closed_at: datetime | None
    notes: list[WelfareEntryOut] = Field(description="The officers' shared notes, oldest first.")
    messages: list[WelfareEntryOut] = Field(description="The thread, oldest first.")


class WelfareCaseOut(WelfareCaseSummary):
    """The whole case: for officers."""

    reporter_id: str | None
    recorded_by: str | None
    channel: WelfareChannel | None
    application_id: uuid.UUID | None
    description: str
    reporter_relationship: str | None
    worker_contact: str | None
    identity_shared_with_employer: bool
    referral_target: WelfareReferralTarget | None
    referral_note: str | None
    substantiated: bool | None
    closed_at: datetime | None
    employer_suspended_at: datetime | None
    employer_suspended_by: str | None
    employer_suspension_reason: str | None
    notes: list[WelfareEntryOut] = Field(description="Every note, internal and shared, oldest first.")
    messages: list[WelfareEntryOut] = Field(description="The thread, oldest first.")


class EmployerWelfareCaseOut(BaseModel):
    """A case against the employer as its members see it."""

    id: uuid.UUID
    category: WelfareCategory
    country: CountryCode
    status: WelfareCaseStatus
    opened_at: datetime
    substantiated: bool | None
    worker_name: str | None = Field(description="Only when the worker agreed to share it; else null.")


class WelfareRecord(BaseModel):
    """The cases against one employer or agency."""

    employer_id: uuid.UUID
    total: int
    open: int = Field(description="Cases open, in progress or referred.")
    substantiated: int = Field(description="Cases closed as substantiated: they count against it.")
    suspensions: int = Field(description="Cases from which an officer suspended it.")
    by_category: dict[str, int]
    by_status: dict[str, int]


class WelfareCell(BaseModel):
    key: dict[str, str] = Field(description="The category of each dimension; `none` when not given.")
    count: int | None = Field(description="Null when suppressed.")
    suppressed: bool


class WelfareCaseTable(BaseModel):
    """Counts of cases by one dimension, small cells suppressed (the diaspora statistics' shape)."""

    group_by: list[str]
    min_cell: int = Field(description="Counts below this are suppressed (k).")
    cells: list[WelfareCell]
    margins: dict[str, list[WelfareCell]] = Field(description="Empty: one dimension.")
    total: WelfareCell


class WelfareDuration(BaseModel):
    cases: int | None = Field(description="Cases measured; null when suppressed.")
    median_hours: float | None = Field(description="Null when no case, or fewer than min_cell, is measured.")
    suppressed: bool


class WelfareStatistics(BaseModel):
    min_cell: int
    by_category: WelfareCaseTable
    by_country: WelfareCaseTable
    by_employer: WelfareCaseTable
    by_status: WelfareCaseTable
    first_response: WelfareDuration = Field(description="From opening to the first officer response.")
    resolution: WelfareDuration = Field(description="From opening to resolved or closed unresolved.")
