"""Bodies of the orientation endpoints."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from imis_jobs.orientation.models import Attendance, EnrolmentStatus, SessionMode
from imis_shared.schemas import ChangeModel, StrictModel
from imis_shared.validators import NOT_BLANK_PATTERN, CountryCode, IscoCode, LanguageCode, Trimmed

# The verification code printed on a certificate: ten characters without look-alikes (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
CODE_PATTERN = f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$"


def _once_each(topics: list[uuid.UUID]) -> list[uuid.UUID]:
    if len(set(topics)) != len(topics):
        raise ValueError("names an article twice")
    return topics


Title = Annotated[str, Trimmed(200)]
Description = Annotated[str, Trimmed(5000)]
Topics = Annotated[
    list[uuid.UUID],
    Field(max_length=50, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_once_each),
]
TOPICS = (
    "Ids of articles of the information service (`/api/v1/info/...`) the course teaches, stored as given: "
    "that service owns the articles."
)
Hours = Annotated[int, Field(ge=1, le=200)]
ISCO = "The ISCO-08 group (any level) of the workers the course is for; null: any occupation."
Place = Annotated[str, Trimmed(300)]
Link = Annotated[str, Field(max_length=500, pattern=r"^https://[^\s]+$")]
Reason = Annotated[str, Trimmed(2000)]


class CourseCreate(StrictModel):
    title: Title
    destination_country: CountryCode = Field(description="The country the workers it prepares go to.")
    isco_group: IscoCode | None = Field(default=None, description=ISCO)
    language: LanguageCode = Field(description="The language it is taught in.")
    topics: Topics = Field(default_factory=list, description=TOPICS)
    duration_hours: Hours = Field(description="How many hours the course lasts.")
    description: Description


class CourseUpdate(ChangeModel):
    """What an officer may change; fields left out keep their value, only `isco_group` can be cleared
    (null)."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    clearable: ClassVar[frozenset[str]] = frozenset({"isco_group"})

    title: Title | None = None
    destination_country: CountryCode | None = None
    isco_group: IscoCode | None = Field(default=None, description=f"{ISCO} Null clears it.")
    language: LanguageCode | None = None
    topics: Topics | None = Field(default=None, description=TOPICS)
    duration_hours: Hours | None = None
    description: Description | None = None

    @model_validator(mode="after")
    def _something(self) -> CourseUpdate:
        if not self.model_fields_set:
            raise ValueError("change at least one field")
        return self


class CourseOut(BaseModel):
    id: uuid.UUID
    title: str
    destination_country: CountryCode
    isco_group: str | None = Field(description=ISCO)
    language: LanguageCode
    topics: list[uuid.UUID] = Field(description=TOPICS)
    duration_hours: int
    description: str
    created_at: datetime
    updated_at: datetime


class SessionCreate(StrictModel):
    # An in-person session says where, an online one how to join: the schema states it with if/then.
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                {
                    "if": {"properties": {"mode": {"const": "in_person"}}, "required": ["mode"]},
                    "then": {
                        "required": ["place"],
                        "properties": {"place": {"type": "string", "pattern": NOT_BLANK_PATTERN}},
                    },
                },
                {
                    "if": {"properties": {"mode": {"const": "online"}}, "required": ["mode"]},
                    "then": {"required": ["online_link"], "properties": {"online_link": {"type": "string"}}},
                },
            ]
        }
    )

    course_id: uuid.UUID = Field(description="The course the session teaches.")
    starts_at: AwareDatetime = Field(description="When it starts, with its UTC offset; in the future.")
    mode: SessionMode
    place: Place | None = Field(default=None, description="Where it is held: required in person.")
    online_link: Link | None = Field(default=None, description="How to join (https): required online.")
    capacity: Annotated[int, Field(ge=1, le=10_000)] = Field(description="Places; at least 1.")

    @model_validator(mode="after")
    def _where(self) -> Self:
        if self.mode == SessionMode.IN_PERSON and self.place is None:
            raise ValueError("place: an in-person session says where it is held")
        if self.mode == SessionMode.ONLINE and self.online_link is None:
            raise ValueError("online_link: an online session says how to join")
        return self


class SessionOut(BaseModel):
    id: uuid.UUID
    course_id: uuid.UUID
    starts_at: datetime
    mode: SessionMode
    place: str | None
    online_link: str | None
    capacity: int
    enrolled: int = Field(description="Enrolments not cancelled.")
    free_places: int
    created_at: datetime


class EnrolmentIn(StrictModel):
    seeker_id: uuid.UUID | None = Field(
        default=None,
        description="The job seeker enrolled: required when an officer enrols someone; a job seeker leaves "
        "it out (or names themself).",
    )


class AttendanceIn(StrictModel):
    attendance: Attendance = Field(
        description="`attended` completes the course and issues a certificate (once); `absent` after "
        "`attended` revokes that certificate (reason: attendance corrected)."
    )


class CertificateRevocationIn(StrictModel):
    reason: Reason = Field(description="Why the certificate no longer counts; kept with it.")


CertificateStatus = Literal["valid", "revoked", "expired"]


class CertificateOut(BaseModel):
    id: uuid.UUID
    code: str = Field(description="The verification code printed on it; anyone can check it.")
    seeker_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    destination_country: CountryCode
    enrolment_id: uuid.UUID
    completed_on: date
    valid_until: date = Field(description="The last day it counts.")
    status: CertificateStatus = Field(description="`valid` until valid_until, then `expired`; or `revoked`.")
    issued_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    revocation_reason: str | None
    created_at: datetime


class CertificateCheck(BaseModel):
    """What anyone holding a code learns: whether it is a valid certificate, and barely whose."""

    code: str
    holder_initials: str = Field(description='The holder\'s initials, e.g. "M. A.".')
    course_title: str
    completed_on: date
    status: CertificateStatus


class EnrolmentOut(BaseModel):
    id: uuid.UUID
    session_id: uuid.UUID
    course_id: uuid.UUID
    course_title: str
    starts_at: datetime
    mode: SessionMode
    seeker_id: uuid.UUID
    seeker_name: str
    status: EnrolmentStatus
    enrolled_by: str
    cancelled_at: datetime | None
    attendance: Attendance | None
    attendance_recorded_at: datetime | None
    certificate_code: str | None = Field(description="The certificate it earned, while not revoked.")
    created_at: datetime
