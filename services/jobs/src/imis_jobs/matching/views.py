"""How a match is shown: the candidate's profile or the vacancy, beside the score explained."""

from __future__ import annotations

from typing import Any

from imis_jobs.employers.models import Employer
from imis_jobs.matching.schemas import SeekerMatch, VacancyMatch
from imis_jobs.matching.scoring import Match, SeekerOffers
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.seekers.schemas import SeekerProfile
from imis_jobs.seekers.views import profile_fields
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies.models import Vacancy
from imis_jobs.vacancies.views import vacancy_out


def _breakdown(match: Match) -> dict[str, Any]:
    return {"score": match.score, "components": match.components, "unmet": match.unmet}


def seeker_match(
    seeker: JobSeeker,
    held: SeekerOffers,
    match: Match,
    taxonomy: Taxonomy,
    checked: tuple[list[str], list[str]],
) -> SeekerMatch:
    """A candidate as the vacancy's employer sees them, with the requirements met ``checked``
    (verified, declared only). The occupations, skills and languages come from ``held`` (what
    matching read of the seeker), so the relationships need not be loaded."""
    profile = profile_fields(
        seeker,
        taxonomy,
        occupations=sorted((occupation_id, years) for occupation_id, _isco, years in held.occupations),
        skills=sorted(held.skills),
        languages=sorted(held.languages.items()),
    )
    verified, declared_only = checked
    return SeekerMatch(
        seeker=SeekerProfile(**profile),
        verified=verified,
        declared_only=declared_only,
        priority=match.priority,
        **_breakdown(match),
    )


def vacancy_match(vacancy: Vacancy, employer: Employer, match: Match, taxonomy: Taxonomy) -> VacancyMatch:
    return VacancyMatch(vacancy=vacancy_out(vacancy, employer, taxonomy), **_breakdown(match))
