"""Bodies of the return and reintegration endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from imis_jobs.applications.models import Actor
from imis_jobs.reintegration.models import FollowUpMonth, FollowUpOutcome, Need, ReferralStatus, ReturnReason
from imis_shared.schemas import StrictModel
from imis_shared.validators import ConceptId, CountryCode, Name, Trimmed

T = TypeVar("T")
Note = Annotated[str, Trimmed(2000, blank_ok=True)]
Qualification = Annotated[str, Trimmed(200)]


def _once_each(values: list[T]) -> list[T]:
    if len(set(values)) != len(values):
        raise ValueError("names the same item twice")
    return values


class ReturnIn(StrictModel):
    # Without a placement there is no vacancy to take the country from.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"application_id": {"type": "null"}}},
            "then": {
                "required": ["returned_from"],
                "properties": {"returned_from": {"not": {"type": "null"}}},
            },
        }
    )

    seeker_id: uuid.UUID | None = Field(
        default=None,
        description="Officers only, and required from them: the job seeker who returned. A worker records "
        "their own return and leaves it out.",
    )
    application_id: uuid.UUID | None = Field(
        default=None,
        description="The placement returned from: the seeker's application that departed (departed, "
        "arrived, employed, terminated or returned). Not yet `returned`, it takes that step now.",
    )
    returned_on: date = Field(description="The day the worker came back; today or earlier.")
    returned_from: CountryCode | None = Field(
        default=None,
        description="The country returned from; defaults to the placement's vacancy country, required "
        "without a placement.",
    )
    reason: ReturnReason
    skills_gained: Annotated[
        list[ConceptId],
        Field(max_length=50, json_schema_extra={"uniqueItems": True}),
        AfterValidator(_once_each),
    ] = Field(default_factory=list, description="ESCO skill ids of the skills gained abroad.")
    qualifications_gained: Annotated[list[Qualification], Field(max_length=20)] = Field(
        default_factory=list, description="Qualifications gained abroad, in a few words each."
    )
    savings_and_remittance_plans: Note | None = None
    needs: Annotated[
        list[Need], Field(max_length=5, json_schema_extra={"uniqueItems": True}), AfterValidator(_once_each)
    ] = Field(default_factory=list, description="What the worker needs to settle back.")
    joins_returnee_pool: bool | None = Field(
        default=None,
        description="The worker only (an officer's return starts without it): their consent to appear in "
        "the returnee pool that officers and verified employers search. Omitted: no.",
    )
    returned_as_agreed: bool | None = Field(
        default=None,
        description="Officers only, with a placement: whether the worker kept the programme's return "
        "obligation. Omitted, it follows the placement's `return_due_on` when there is one.",
    )

    @model_validator(mode="after")
    def _a_country_without_a_placement(self) -> Self:
        if self.application_id is None and self.returned_from is None:
            raise ValueError("returned_from: required without an application_id")
        return self


class PoolConsentIn(StrictModel):
    joins_returnee_pool: bool = Field(description="Whether to appear in the returnee pool.")


class ReferralIn(StrictModel):
    need: Need
    provider_name: Name = Field(description="The service or organisation the worker is referred to.")
    referred_on: date = Field(description="Today or earlier.")
    status: ReferralStatus = ReferralStatus.REFERRED
    note: Note | None = None


class ReferralStatusIn(StrictModel):
    status: ReferralStatus = Field(
        description="From `referred`: `in_progress`, `completed` or `declined`; from `in_progress`: "
        "`completed` or `declined`."
    )
    note: Note | None = Field(default=None, description="Replaces the referral's note when given.")


class FollowUpIn(StrictModel):
    outcome: FollowUpOutcome
    note: Note | None = None


class GainedSkill(BaseModel):
    skill_id: ConceptId
    label: str


class ReferralOut(BaseModel):
    id: uuid.UUID
    need: Need
    provider_name: str
    referred_on: date
    status: ReferralStatus
    note: str | None
    recorded_by: str
    updated_at: datetime


class FollowUpOut(BaseModel):
    month: FollowUpMonth = Field(description="Months after the return.")
    due_on: date
    overdue: bool = Field(description="Not recorded and past its due date.")
    recorded_on: date | None
    outcome: FollowUpOutcome | None
    note: str | None
    recorded_by: str | None


class ReturnOut(BaseModel):
    """A return with its reintegration plan: the worker's own view, or an officer's."""

    id: uuid.UUID
    seeker_id: uuid.UUID
    seeker_name: str
    application_id: uuid.UUID | None
    returned_on: date
    returned_from: CountryCode
    reason: ReturnReason
    occupation_id: ConceptId | None = Field(
        description="What the worker did abroad: the placement's occupation, else the seeker's main one."
    )
    skills_gained: list[GainedSkill]
    qualifications_gained: list[str]
    savings_and_remittance_plans: str | None
    needs: list[Need]
    joins_returnee_pool: bool
    returned_as_agreed: bool | None = Field(description="The placement's, as the return recorded it.")
    recorded_by: str
    recorded_as: Actor
    referrals: list[ReferralOut]
    follow_ups: list[FollowUpOut]
    diaspora_invitation_url: str | None = Field(
        description="In the worker's own view only: where to join the diaspora registry (nothing is copied "
        "there)."
    )
    created_at: datetime


class ReturneeOut(BaseModel):
    """A returnee who consented to the pool: no contact details, no birth date."""

    return_id: uuid.UUID
    seeker_id: uuid.UUID
    name: str
    occupation_id: ConceptId | None
    occupation_label: str | None
    skills_gained: list[GainedSkill]
    returned_from: CountryCode
    returned_on: date
    returned_as_agreed: bool | None = Field(
        description="Whether the worker kept the placement's return obligation (programmes rank those "
        "who did first)."
    )


class DueFollowUpOut(BaseModel):
    return_id: uuid.UUID
    seeker_id: uuid.UUID
    seeker_name: str
    month: FollowUpMonth
    due_on: date
    days_overdue: int = Field(ge=0, description="0 when due today or later.")


class ReturnCell(BaseModel):
    key: dict[str, str] = Field(description="The category of the table's dimension.")
    count: int | None = Field(description="Null when suppressed.")
    suppressed: bool


class ReturnTable(BaseModel):
    group_by: str
    cells: list[ReturnCell]
    total: ReturnCell


class ReturnStatistics(BaseModel):
    min_cell: int = Field(description="Counts below this are suppressed (k).")
    by_reason: ReturnTable
    by_country: ReturnTable = Field(description="By the country returned from.")
    outcomes: ReturnTable = Field(
        description="Each return's latest recorded follow-up outcome; `not_followed_up` before the first."
    )
