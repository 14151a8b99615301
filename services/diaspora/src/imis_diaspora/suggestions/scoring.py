"""How well a member fits what a project seeks: an explainable score (pure functions).

Three components, each in [0, 1], weighted: skills 0.5 (share of the ESCO skills sought that
the member has), occupation 0.3 (same ESCO occupation 1, same ISCO-08 unit group .75, minor
group .5, sub-major group .25) and sector 0.2 (the member works in the project's sector).
Only what the project seeks counts: the score is the weighted sum over the components the
project asks for, divided by their weights, so a project seeking only a sector can still
find a perfect fit. A score of 0 is no suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WEIGHTS = {"skills": 0.5, "occupation": 0.3, "sector": 0.2}
ISCO_LEVELS = ((4, 0.75, "unit group"), (3, 0.5, "minor group"), (2, 0.25, "sub-major group"))


@dataclass(frozen=True)
class Sought:
    skills: frozenset[str]
    occupation_id: str | None
    isco_code: str | None
    sector: str


@dataclass(frozen=True)
class Offered:
    skills: frozenset[str]
    occupation_id: str | None
    isco_code: str | None
    sector: str | None


@dataclass
class Fit:
    score: float
    components: dict[str, float]
    reasons: list[str] = field(default_factory=list)


def occupation_fit(sought: Sought, offered: Offered) -> tuple[float, str | None]:
    if sought.occupation_id is None or offered.occupation_id is None:
        return 0.0, None
    if sought.occupation_id == offered.occupation_id:
        return 1.0, "the occupation sought"
    for digits, value, name in ISCO_LEVELS:
        if sought.isco_code and offered.isco_code and sought.isco_code[:digits] == offered.isco_code[:digits]:
            return value, f"an occupation in the same ISCO-08 {name} ({sought.isco_code[:digits]})"
    return 0.0, None


def fit(sought: Sought, offered: Offered, skill_label: dict[str, str] | None = None) -> Fit:
    labels = skill_label or {}
    components: dict[str, float] = {}
    reasons: list[str] = []
    if sought.skills:
        shared = sorted(sought.skills & offered.skills, key=lambda s: labels.get(s, s))
        components["skills"] = len(shared) / len(sought.skills)
        if shared:
            names = ", ".join(labels.get(s, s) for s in shared)
            reasons.append(f"has {len(shared)} of the {len(sought.skills)} skills sought: {names}")
    if sought.occupation_id:
        components["occupation"], reason = occupation_fit(sought, offered)
        if reason:
            reasons.append(f"works in {reason}")
    components["sector"] = 1.0 if offered.sector == sought.sector else 0.0
    if components["sector"]:
        reasons.append(f"works in the project's sector ({sought.sector})")
    weight = sum(WEIGHTS[name] for name in components)
    score = sum(WEIGHTS[name] * value for name, value in components.items()) / weight
    return Fit(round(score, 4), {k: round(v, 4) for k, v in components.items()}, reasons)
