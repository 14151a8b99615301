"""Request and response bodies of the vacancy endpoints.

Field-level rules live here (types, ranges, ISO codes); rules that join fields or need the
taxonomy (salary range, contract length, fee currency, deadline, known occupation and skills)
are checked in the service so that each error can name its field.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from imis_jobs.employers.models import EmployerStatus
from imis_jobs.vacancies.models import ContractType, Requirement, SalaryPeriod, VacancyStatus
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import (
    NOT_BLANK_PATTERN,
    CefrLevel,
    ConceptId,
    CountryCode,
    CurrencyCode,
    DecimalString,
    IscedLevel,
    LanguageCode,
    Trimmed,
)

Money = Annotated[Decimal, DecimalString(integer_digits=10)]


VERIFIED_LANGUAGES = (
    "Required languages count in matching only at a level a ministry language test verified (in all "
    "four skills), not as declared; the vacancy's programme may ask the same of all its vacancies."
)


class SkillRequirement(StrictModel):
    skill_id: ConceptId = Field(description="ESCO skill id.")
    requirement: Requirement = Requirement.ESSENTIAL


class LanguageRequirement(StrictModel):
    language: LanguageCode
    min_level: CefrLevel = Field(description="Minimum CEFR level, A1 to C2.")
    required: bool = Field(default=True, description="Required (excludes candidates below) or desired.")


class VacancyFields(StrictModel):
    title: Annotated[str, Trimmed(200)] | None = None
    occupation_id: ConceptId | None = Field(default=None, description="ESCO occupation id.")
    description: Annotated[str, Trimmed(20000)] | None = None
    destination_country: CountryCode | None = None
    destination_city: Annotated[str, Trimmed(100)] | None = None
    positions: Annotated[int, Field(ge=1, le=10000)] | None = None
    contract_type: ContractType | None = None
    contract_months: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="Length of a fixed-term or seasonal contract."
    )
    salary_min: Money | None = None
    salary_max: Money | None = None
    salary_currency: CurrencyCode | None = None
    salary_period: SalaryPeriod | None = None
    hours_per_week: Annotated[int, Field(ge=1, le=80)] | None = None
    employer_pays_travel: bool | None = None
    employer_pays_accommodation: bool | None = None
    employer_pays_visa: bool | None = None
    worker_fee_amount: Money | None = Field(
        default=None,
        description="Recruitment fees charged to the worker. Must be 0 under the ministry's policy "
        "`employer_pays` (the default; 422 `worker_fees_forbidden` otherwise).",
    )
    worker_fee_currency: CurrencyCode | None = None
    skills: Annotated[list[SkillRequirement], Field(max_length=100)] | None = Field(
        default=None, description="Left out on creation: the occupation's ESCO essential skills are used."
    )
    languages: Annotated[list[LanguageRequirement], Field(max_length=10)] | None = None
    min_education_level: IscedLevel | None = None
    min_experience_years: Annotated[int, Field(ge=0, le=50)] | None = None
    application_deadline: date | None = None
    programme_id: uuid.UUID | None = Field(
        default=None, description="The bilateral programme the vacancy belongs to."
    )
    season_id: uuid.UUID | None = Field(
        default=None,
        description="The season of its programme the vacancy is for (its period and quota apply).",
    )
    verified_languages_required: bool | None = Field(default=None, description=VERIFIED_LANGUAGES)


class VacancyCreate(VacancyFields):
    employer_id: uuid.UUID
    title: Annotated[str, Trimmed(200)]
    occupation_id: ConceptId
    description: Annotated[str, Trimmed(20000)]
    destination_country: CountryCode
    destination_city: Annotated[str, Trimmed(100)]
    positions: Annotated[int, Field(ge=1, le=10000)]
    contract_type: ContractType
    salary_min: Money
    salary_max: Money
    salary_currency: CurrencyCode
    salary_period: SalaryPeriod
    hours_per_week: Annotated[int, Field(ge=1, le=80)]
    application_deadline: date
    employer_pays_travel: bool = False
    employer_pays_accommodation: bool = False
    employer_pays_visa: bool = False
    worker_fee_amount: Money = Decimal(0)
    min_experience_years: Annotated[int, Field(ge=0, le=50)] = 0
    verified_languages_required: bool = Field(default=False, description=VERIFIED_LANGUAGES)


class VacancyUpdate(ChangeModel, VacancyFields):
    clearable: ClassVar[frozenset[str]] = frozenset(
        {"contract_months", "min_education_level", "worker_fee_currency", "programme_id", "season_id"}
    )


class VacancyStatusChange(StrictModel):
    status: Literal["published", "closed", "filled", "draft"] = Field(
        description="`published` asks to publish a draft: it becomes `pending_approval` instead when the "
        "ministry approves job orders first. `draft` withdraws a vacancy pending approval."
    )


class ApprovalDecision(StrictModel):
    # The document states the one rule across fields: a refusal says why.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"decision": {"const": "refused"}}, "required": ["decision"]},
            "then": {
                "required": ["note"],
                "properties": {"note": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
            },
        }
    )

    decision: Literal["approved", "refused"] = Field(
        description="`approved` publishes the vacancy (the publishing checks apply again); `refused` "
        "returns it to draft."
    )
    note: Annotated[str, Trimmed(2000, blank_ok=True)] | None = Field(
        default=None, description="Required when refusing; shown to the employer's members."
    )

    @model_validator(mode="after")
    def refusals_say_why(self) -> Self:
        if self.decision == "refused" and not self.note:
            raise ValueError("note: say why the job order is refused")
        return self


class EmployerRef(BaseModel):
    id: uuid.UUID
    name: str = Field(
        description="The name an officer last verified; a changed name shows once it is verified again."
    )
    country: CountryCode
    status: EmployerStatus = Field(
        description="Only the employer's members and staff see the vacancies of a suspended or rejected "
        "employer, with this status."
    )


class OccupationRef(BaseModel):
    id: str
    label: str
    isco_code: str


class SkillRequirementOut(BaseModel):
    skill_id: ConceptId
    label: str
    requirement: Requirement


class LanguageRequirementOut(BaseModel):
    language: LanguageCode
    min_level: CefrLevel
    required: bool


class VacancyOut(BaseModel):
    id: uuid.UUID
    employer: EmployerRef
    title: str
    occupation: OccupationRef
    description: str
    destination_country: CountryCode
    destination_city: str
    positions: int
    contract_type: ContractType
    contract_months: int | None
    salary_min: Decimal
    salary_max: Decimal
    salary_currency: CurrencyCode
    salary_period: SalaryPeriod
    hours_per_week: int
    employer_pays_travel: bool
    employer_pays_accommodation: bool
    employer_pays_visa: bool
    charges_worker_fees: bool = Field(
        description="True when the worker is charged recruitment fees: shown prominently."
    )
    worker_fee_amount: Decimal
    worker_fee_currency: CurrencyCode | None
    skills: list[SkillRequirementOut]
    skills_from_esco: bool = Field(description="True when the skills are the occupation's ESCO defaults.")
    languages: list[LanguageRequirementOut]
    min_education_level: int | None
    min_experience_years: int
    application_deadline: date
    programme_id: uuid.UUID | None
    season_id: uuid.UUID | None
    verified_languages_required: bool = Field(description=VERIFIED_LANGUAGES)
    status: VacancyStatus = Field(
        description="`pending_approval` (seen by the employer's members and staff only) awaits an officer."
    )
    published_at: datetime | None
    approved_at: datetime | None = Field(
        description="When an officer approved the job order, if the ministry's policy required it."
    )
    approval_note: str | None = Field(
        description="The officer's note on the last decision on the job order (why it was refused); "
        "shown to the employer's members and staff only, null to others. Cleared when it is sent again."
    )
    created_at: datetime
    updated_at: datetime
