"""Response bodies of the matching endpoints: a candidate or a vacancy with its score explained."""

from __future__ import annotations

from pydantic import BaseModel, Field

from imis_jobs.seekers.schemas import SeekerProfile
from imis_jobs.vacancies.schemas import VacancyOut


class Breakdown(BaseModel):
    score: float = Field(ge=0, le=1, description="Weighted total; see docs/matching.md for the weights.")
    components: dict[str, float] = Field(
        description="occupation, skills, languages, education, experience, destination."
    )
    unmet: list[str] = Field(description='What the candidate lacks, e.g. "missing essential skill: …".')


class SeekerMatch(Breakdown):
    seeker: SeekerProfile
    verified: list[str] = Field(
        description="Requirements met that a valid check by a ministry officer confirms, "
        'e.g. "language: it B1".'
    )
    declared_only: list[str] = Field(description="Requirements met on the seeker's word alone.")
    priority: str | None = Field(
        description="Why the candidate is ranked ahead of higher scores: in a programme, those who "
        "returned as agreed from an earlier placement in it come first."
    )


class VacancyMatch(Breakdown):
    vacancy: VacancyOut
