"""Settings of the jobs service (env prefix ``IMIS_JOBS_``)."""

from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from imis_jobs.verification_kinds import VerificationKind
from imis_shared.settings import ServiceSettings

RecruitmentFees = Literal["employer_pays", "worker_may_pay"]
JobOrderApproval = Literal["not_required", "agencies", "all"]


class JobsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IMIS_JOBS_", env_file=".env", extra="ignore")

    port: int = 8001
    database_url: str = "sqlite:///var/jobs.sqlite3"
    recruitment_fees: RecruitmentFees = Field(
        default="employer_pays",
        description="The ministry's recruitment-fee policy. `employer_pays` (the ILO General Principles "
        "and Operational Guidelines for Fair Recruitment: workers pay no recruitment fees): a vacancy "
        "charging the worker a fee is refused, and a draft that charges one is not published. "
        "`worker_may_pay`: the fee is stored and shown (`charges_worker_fees`).",
    )
    job_order_approval: JobOrderApproval = Field(
        default="not_required",
        description="Which job orders an officer approves before they are published: `not_required`, "
        "`agencies` (vacancies of recruitment agencies) or `all`. Publishing one makes it "
        "`pending_approval` until an officer approves or refuses it.",
    )
    prescreening_requires: list[VerificationKind] = Field(
        default=[VerificationKind.INTERVIEW],
        min_length=1,
        description="The ministry's default for pre-screening: the verification kinds a job seeker must "
        "hold, passed and valid, to enter the pre-screened pool (a programme may name its own). "
        'A JSON list, e.g. ["interview", "police_clearance"].',
    )
    search_indexes: Literal["before_serving", "on_first_search"] = Field(
        default="before_serving",
        description="When the label indexes of occupation and skill search are built (every language: "
        "seconds of CPU). `before_serving`: the service answers only once they are built, so no search "
        "waits for one. `on_first_search`: the first search that needs an index builds it (that search "
        "waits, about a second per index); for development machines and test platforms that rarely search.",
    )
    saved_search_limit: int = Field(
        default=10, ge=1, le=100, description="Saved vacancy searches a job seeker may keep."
    )
    saved_search_digest_poll_seconds: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="How often the event worker looks for daily saved-search digests that are due.",
    )
    orientation_reminder_hours: int = Field(
        default=24,
        ge=1,
        le=168,
        description="Workers enrolled in an orientation session are reminded this many hours before it "
        "starts.",
    )
    orientation_reminder_poll_seconds: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="How often the event worker looks for reminders that are due.",
    )
    claim_code_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="Days a claim code works: the one-time code an officer gives a walk-in job seeker "
        "registered for them, with which the person claims the profile from their own account.",
    )
    orientation_required: bool = Field(
        default=False,
        description="The ministry's default for the departure gate: whether a worker needs a valid "
        "pre-departure orientation certificate (for a course to the vacancy's country) before an officer "
        "records the departure. A programme may say otherwise (`orientation_required`); vacancies outside "
        "a programme follow this.",
    )
    orientation_certificate_months: int = Field(
        default=24,
        ge=1,
        le=120,
        description="Months a pre-departure orientation certificate stays valid, from the day the course "
        "was completed.",
    )
    welfare_response_hours_critical: int = Field(
        default=24,
        ge=1,
        le=8760,
        description="Hours within which an officer must first respond to a `critical` welfare case "
        "(a shared note, a message or a change of status); later, the case is overdue.",
    )
    welfare_response_hours_high: int = Field(
        default=72,
        ge=1,
        le=8760,
        description="Hours within which an officer must first respond to a `high` welfare case.",
    )
    welfare_response_hours_normal: int = Field(
        default=168,
        ge=1,
        le=8760,
        description="Hours within which an officer must first respond to a `normal` welfare case (7 days).",
    )
    welfare_response_hours_low: int = Field(
        default=336,
        ge=1,
        le=8760,
        description="Hours within which an officer must first respond to a `low` welfare case (14 days).",
    )
    statistics_min_cell: int = Field(
        default=5,
        ge=2,
        le=100,
        description="Statistics cells counting fewer cases are suppressed (k), and medians resting on "
        "fewer cases are not shown (welfare statistics).",
    )
    diaspora_invitation_url: str = Field(
        default="/api/v1/diaspora/members/me",
        min_length=1,
        max_length=2000,
        description="The link a returned worker's own view of their return carries, inviting them to join "
        "the diaspora registry (where a signed-in person registers); nothing is copied there.",
    )


async def get_settings(request: Request) -> JobsSettings:
    settings: JobsSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[JobsSettings, Depends(get_settings)]
