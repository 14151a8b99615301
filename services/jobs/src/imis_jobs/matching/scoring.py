"""Explainable, deterministic scoring of a job seeker against a vacancy (pure functions).

The score is a weighted sum of six components, each in [0, 1] (table in docs/matching.md):
occupation 0.35 (same ESCO occupation 1, same ISCO unit group .75, minor .5, sub-major .25),
skills 0.25 (covered weight of the requirements, essential counting 2 and optional 1),
languages 0.15 (share of the languages asked for that are met), education 0.10 (minus .25 per
ISCED level below the minimum), experience 0.10 (years in the occupation or its unit group over
the minimum) and destination 0.05 (the seeker prefers it, or any destination).

Hard constraints exclude instead of lowering the score: a required language missing or below
its CEFR level (and, for seekers browsing vacancies, a vacancy that is not open). Gender and
other special-category data are not inputs: the profile does not hold them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

CEFR_RANK = {level: rank for rank, level in enumerate(("A1", "A2", "B1", "B2", "C1", "C2"), start=1)}
WEIGHTS = {
    "occupation": 0.35,
    "skills": 0.25,
    "languages": 0.15,
    "education": 0.10,
    "experience": 0.10,
    "destination": 0.05,
}
OCCUPATION_LEVELS = (
    (4, 0.75, "same ISCO unit group"),
    (3, 0.5, "same ISCO minor group"),
    (2, 0.25, "same ISCO sub-major group"),
)


@dataclass(frozen=True)
class VacancyNeeds:
    occupation_id: str
    isco_code: str
    essential_skills: frozenset[str]
    optional_skills: frozenset[str]
    languages: tuple[tuple[str, str, bool], ...]  # (language, minimum level, required)
    min_education_level: int | None
    min_experience_years: int
    country: str


class SeekerOffers(NamedTuple):  # a tuple: built for every candidate, and cheap to build
    occupations: tuple[tuple[str, str, int], ...]  # (occupation id, ISCO unit group, years)
    skills: frozenset[str]
    languages: Mapping[str, str]  # language → CEFR level
    education_level: int | None
    preferred_countries: frozenset[str]


@dataclass
class Match:
    score: float
    components: dict[str, float]
    unmet: list[str] = field(default_factory=list)
    # Why the candidate is ranked ahead of higher scores, when they are (a programme's returnees).
    priority: str | None = None


def occupation_fit(needs: VacancyNeeds, offers: SeekerOffers) -> tuple[float, str | None]:
    best, reason = 0.0, "no related occupation"
    for occupation_id, isco, _years in offers.occupations:
        if occupation_id == needs.occupation_id:
            return 1.0, None
        for digits, value, label in OCCUPATION_LEVELS:
            if isco[:digits] == needs.isco_code[:digits] and value > best:
                best, reason = value, f"occupation: {label}, not the same occupation"
                break
    return best, reason


def experience_years(needs: VacancyNeeds, offers: SeekerOffers) -> int:
    """Years in the vacancy's occupation or in another of its ISCO unit group."""
    return max(
        (
            years
            for occ, isco, years in offers.occupations
            if occ == needs.occupation_id or isco == needs.isco_code
        ),
        default=0,
    )


def language_share(needs: VacancyNeeds, languages: Mapping[str, str]) -> float | None:
    """The share of the languages asked for that are met, or None when a required one is not."""
    points, asked = 0, 0
    for language, minimum, required in needs.languages:
        level = languages.get(language)
        met = level is not None and CEFR_RANK[level] >= CEFR_RANK[minimum]
        if required and not met:
            return None
        asked += 1
        points += met
    return points / asked if asked else 1.0


def skills_value(needs: VacancyNeeds, covered: int) -> float:
    """``covered``: the weight of the requirements held, essential counting 2 and optional 1."""
    weight = 2 * len(needs.essential_skills) + len(needs.optional_skills)
    return covered / weight if weight else 1.0


def education_value(needs: VacancyNeeds, level: int | None) -> float:
    if needs.min_education_level is None:
        return 1.0
    held = level if level is not None else -1
    if held >= needs.min_education_level:
        return 1.0
    return max(0.0, 1 - 0.25 * (needs.min_education_level - max(held, 0)))


def experience_value(needs: VacancyNeeds, years: int) -> float:
    return min(1.0, years / needs.min_experience_years) if needs.min_experience_years else 1.0


def destination_value(needs: VacancyNeeds, preferred: frozenset[str]) -> float:
    """1 when the seeker prefers the destination or any; also when no destination is asked
    about (``country`` ""; a search of the pre-screened pool)."""
    return 1.0 if not needs.country or not preferred or needs.country in preferred else 0.0


def components(needs: VacancyNeeds, offers: SeekerOffers) -> dict[str, float] | None:
    """Each component's value in [0, 1], or None when a hard constraint excludes the seeker."""
    languages = language_share(needs, offers.languages)
    if languages is None:
        return None
    occupation, _reason = occupation_fit(needs, offers)
    covered = 2 * len(needs.essential_skills & offers.skills) + len(needs.optional_skills & offers.skills)
    return {
        "occupation": occupation,
        "skills": skills_value(needs, covered),
        "languages": languages,
        "education": education_value(needs, offers.education_level),
        "experience": experience_value(needs, experience_years(needs, offers)),
        "destination": destination_value(needs, offers.preferred_countries),
    }


def weighted(*values: float) -> float:
    """The score from the component values in ``WEIGHTS`` order, rounded as it is shown. Added
    one by one in that order, so every caller gets the same float for the same values."""
    score = 0.0
    for weight, value in zip(WEIGHTS.values(), values, strict=True):
        score += weight * value
    return round(score, 4)


def total(values: dict[str, float]) -> float:
    """The weighted sum of the components, rounded as the score is shown."""
    return weighted(*(values[name] for name in WEIGHTS))


def unmet(needs: VacancyNeeds, offers: SeekerOffers, skill_labels: dict[str, str]) -> list[str]:
    """What the seeker lacks, in the order the components are listed."""
    reasons = [
        f"missing: {language} {minimum} (desired)"
        for language, minimum, _required in needs.languages
        if (level := offers.languages.get(language)) is None or CEFR_RANK[level] < CEFR_RANK[minimum]
    ]
    _fit, occupation_reason = occupation_fit(needs, offers)
    if occupation_reason:
        reasons.append(occupation_reason)
    reasons.extend(
        f"missing essential skill: {skill_labels.get(s, s)}"
        for s in sorted(needs.essential_skills - offers.skills)
    )
    reasons.extend(
        f"missing optional skill: {skill_labels.get(s, s)}"
        for s in sorted(needs.optional_skills - offers.skills)
    )
    if needs.min_education_level is not None:
        held = offers.education_level if offers.education_level is not None else -1
        if held < needs.min_education_level:
            reasons.append(
                f"education: ISCED {needs.min_education_level} asked, {'none given' if held < 0 else held}"
            )
    if needs.min_experience_years:
        years = experience_years(needs, offers)
        if years < needs.min_experience_years:
            reasons.append(f"experience: {years} of {needs.min_experience_years} years")
    if destination_value(needs, offers.preferred_countries) < 1:
        reasons.append(f"destination {needs.country} is not among the preferred ones")
    return reasons


def score(
    needs: VacancyNeeds, offers: SeekerOffers, skill_labels: dict[str, str] | None = None
) -> Match | None:
    """The seeker's match with the vacancy, or None when a hard constraint excludes them."""
    values = components(needs, offers)
    if values is None:
        return None
    return Match(
        total(values), {k: round(v, 4) for k, v in values.items()}, unmet(needs, offers, skill_labels or {})
    )
