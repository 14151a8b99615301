"""Ranking seekers for a vacancy and vacancies for a seeker, and explaining the page: the pure
scoring is in scoring.py, the read model's rows are parsed and scored by profile.py, and the
statements are built by repository.py.

For a vacancy, candidates are read in tiers from the closest occupations outwards, one
``seeker_match_profile`` row each, and the rest only when they could still reach the page (see
``rank_seekers``), so the ranking equals scoring every profile. Consent and programme
citizenships are applied in SQL, required languages by the scoring. Ties are broken by id, so
the order is stable.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from imis_jobs.matching import repository
from imis_jobs.matching.profile import ProfileReader, ProfileRow, RowScorer
from imis_jobs.matching.repository import Within
from imis_jobs.matching.scoring import (
    Match,
    SeekerOffers,
    VacancyNeeds,
    components,
    score,
    skills_value,
    total,
    weighted,
)
from imis_jobs.programmes import repository as programmes
from imis_jobs.programmes.models import Programme
from imis_jobs.programmes.service import eligibility_problem
from imis_jobs.seekers.models import JobSeeker
from imis_jobs.taxonomy.service import Taxonomy
from imis_jobs.vacancies import repository as vacancies
from imis_jobs.vacancies.models import Requirement, Vacancy
from imis_jobs.verifications.service import Verified
from imis_shared.db import utcnow


def needs_of(vacancy: Vacancy, taxonomy: Taxonomy) -> VacancyNeeds:
    return VacancyNeeds(
        occupation_id=vacancy.occupation_id,
        isco_code=taxonomy.occupations[vacancy.occupation_id].isco_code,
        essential_skills=frozenset(
            s.skill_id for s in vacancy.skills if s.requirement == Requirement.ESSENTIAL
        ),
        optional_skills=frozenset(
            s.skill_id for s in vacancy.skills if s.requirement == Requirement.OPTIONAL
        ),
        languages=tuple((x.language, x.min_level, x.required) for x in vacancy.languages),
        min_education_level=vacancy.min_education_level,
        min_experience_years=vacancy.min_experience_years,
        country=vacancy.destination_country,
    )


def offers_of(seeker: JobSeeker, taxonomy: Taxonomy) -> SeekerOffers:
    return SeekerOffers(
        occupations=tuple(
            (o.occupation_id, taxonomy.occupations[o.occupation_id].isco_code, o.years)
            for o in seeker.occupations
        ),
        skills=frozenset(s.skill_id for s in seeker.skills),
        languages={x.language: x.level for x in seeker.languages},
        education_level=seeker.education_level,
        preferred_countries=frozenset(seeker.preferred_countries),
    )


def skill_labels(taxonomy: Taxonomy, needs: VacancyNeeds) -> dict[str, str]:
    """The labels of the skills ``needs`` asks for, to explain a match."""
    return {s: taxonomy.skills[s].label for s in needs.essential_skills | needs.optional_skills}


@dataclass(frozen=True)
class Filters:
    """What a caller narrows a ranking of seekers to, beyond the vacancy's own hard constraints:
    a lowest score, languages held at a level (as declared), citizenships, and ``within`` (a
    condition on the seeker id, e.g. the pre-screened)."""

    min_score: float | None = None
    languages: tuple[tuple[str, str], ...] = ()
    citizenships: frozenset[str] | None = None
    within: Within | None = None


def _citizenships(programme: Programme | None, filters: Filters) -> list[str] | None:
    """The citizenships both the programme (if any) admits and the caller asked for (if any)."""
    allowed = set(programme.eligible_citizenships) if programme is not None else None
    if filters.citizenships is not None:
        allowed = set(filters.citizenships) if allowed is None else allowed & filters.citizenships
    return sorted(allowed) if allowed is not None else None


async def _count_eligible(
    session: AsyncSession, needs: VacancyNeeds, citizenships: list[str] | None, filters: Filters
) -> int:
    """How many seekers no hard constraint excludes: consent, required languages, citizenships,
    the filters."""
    required = [(language, minimum) for language, minimum, required in needs.languages if required]
    required.extend(filters.languages)
    return await repository.count_eligible(session, required, citizenships, filters.within)


def _speaking(score_row: RowScorer, languages: tuple[tuple[str, str], ...]) -> RowScorer:
    """``score_row`` for seekers declaring each of ``languages`` at its level at least; the others
    are excluded (None), as a required language excludes them."""
    if not languages:
        return score_row

    def score(
        occupations: str, skills: str, held: str, education_level: int | None, preferred: str
    ) -> float | None:
        levels = {language: level for language, _, level in (x.partition(":") for x in held.split())}
        for language, minimum in languages:
            if levels.get(language, "") < minimum:  # CEFR codes sort in level order; "" below all
                return None
        return score_row(occupations, skills, held, education_level, preferred)

    return score


def skills_cap(needs: VacancyNeeds, held: int) -> float:
    """The best skills value for a seeker holding ``held`` skills: all of them asked for, the
    essential ones (which weigh double) first."""
    essential = min(held, len(needs.essential_skills))
    optional = min(held - essential, len(needs.optional_skills))
    return skills_value(needs, 2 * essential + optional)


def _bound(needs: VacancyNeeds, fit: float, experience: bool, skills_held: int) -> float:
    """The best score with at most ``fit`` for the occupation, with or without experience in the
    vacancy's unit group, and at most ``skills_held`` skills (components the vacancy does not ask
    for are full). Summed and rounded by ``weighted`` like every score, from values no smaller
    than a seeker's, so no such seeker's score can exceed it."""
    return weighted(
        fit,
        skills_cap(needs, skills_held),
        1.0,
        1.0,
        1.0 if experience or not needs.min_experience_years else 0.0,
        1.0,
    )


def outsider_bound(needs: VacancyNeeds) -> float:
    """The best score a seeker can reach with no related occupation (so no experience either)
    and none of the vacancy's skills."""
    return _bound(needs, 0.0, experience=False, skills_held=0)


@dataclass(frozen=True)
class Tier:
    """Seekers holding one of ``occupations`` (or, when None, one of the vacancy's skills) and
    none of an earlier tier's: at most ``fit`` for the occupation, experience that counts only
    when ``experience``. ``bound_after``: the best score anyone outside this tier and the earlier
    ones can still reach."""

    name: str
    occupations: frozenset[str] | None
    fit: float
    experience: bool
    bound_after: float

    def fewest_skills(self, needs: VacancyNeeds, threshold: float, most_skills: int) -> int | None:
        """The fewest skills a seeker of this tier must hold to score ``threshold`` or more, or
        None when even ``most_skills`` are not enough. (A seeker who only ties the page's last
        score may still enter it, on the tie-break by id: hence "or more".)"""
        for held in range(most_skills + 1):
            if _bound(needs, self.fit, self.experience, held) >= threshold:
                return held
        return None


def tiers(needs: VacancyNeeds, taxonomy: Taxonomy, most_skills: int) -> list[Tier]:
    """From the closest seekers outwards: the same occupation, the rest of its ISCO unit group,
    minor group and sub-major group, then holders of a skill the vacancy asks for.

    Below the unit group a seeker has no experience that counts (see ``experience_years``) and
    at most the occupation fit of the group, which is what makes the later bounds low. Nobody
    holds more than ``most_skills`` skills, which caps the skills component when a vacancy asks
    for more than that (ESCO lists dozens of essential skills for many occupations).
    """
    isco = needs.isco_code
    groups: list[frozenset[str]] = [frozenset({needs.occupation_id})]
    taken = set(groups[0])
    for digits in (4, 3, 2):
        group = taxonomy.occupation_ids_under(isco[:digits])
        groups.append(group - taken)
        taken |= group
    shapes: list[tuple[str, frozenset[str] | None, float, bool]] = [
        ("same occupation", groups[0], 1.0, True),
        ("same unit group", groups[1], 0.75, True),
        ("same minor group", groups[2], 0.5, False),
        ("same sub-major group", groups[3], 0.25, False),
    ]
    if needs.essential_skills or needs.optional_skills:
        shapes.append(("skill holders", None, 0.0, False))
    bounds = [_bound(needs, fit, experience, most_skills) for _name, _o, fit, experience in shapes[1:]]
    bounds.append(outsider_bound(needs))
    return [
        Tier(name, occupations, fit, experience, after)
        for (name, occupations, fit, experience), after in zip(shapes, bounds, strict=True)
    ]


def _tier_rows(tier: Tier, needs: VacancyNeeds, taxonomy: Taxonomy) -> ColumnElement[bool]:
    """The profile rows of the tier's seekers: a range of the occupation key, or for skill
    holders, lookups by seeker of those outside the vacancy's sub-major group."""
    if tier.occupations is not None:
        return repository.holding_occupations(tier.occupations)
    related = taxonomy.occupation_ids_under(needs.isco_code[:2])
    return repository.holding_skills(needs.essential_skills | needs.optional_skills, related)


@lru_cache(maxsize=1)
def _reader(taxonomy: Taxonomy) -> ProfileReader:
    return ProfileReader(taxonomy)


async def _rank(
    session: AsyncSession,
    rows: ColumnElement[bool] | None,
    citizenships: list[str] | None,
    within: Within | None,
    score_row: RowScorer,
    seen: dict[str, ProfileRow | None],
    fewest_skills: int,
) -> list[tuple[float, str]]:
    """(-score, id as text) of the discoverable seekers whose profile ``rows`` match (all when
    None), with one of ``citizenships`` (any when None), that ``within`` selects, who hold at least
    ``fewest_skills`` skills, are not in ``seen`` and no hard constraint excludes. Sorting these
    tuples ranks them: best first, ties by id. Each seeker read goes into ``seen`` (a seeker has a
    row per occupation), with the row when ranked.

    Required languages are left to the scoring: a filter in SQL would turn the tier's range read
    into a lookup per holder of the language."""
    ranked = []
    result = await repository.profile_rows(session, rows, citizenships, fewest_skills, within)
    for seeker_id, occupations, skills, languages, education_level, preferred in result:
        key = str(seeker_id)
        if key in seen:
            continue
        value = score_row(occupations, skills, languages, education_level, preferred)
        if value is None:  # a required language missing: excluded, never read again
            seen[key] = None
            continue
        seen[key] = (occupations, skills, languages, education_level, preferred)
        ranked.append((-value, key))
    return ranked


async def rank_seekers(
    session: AsyncSession,
    needs: VacancyNeeds,
    programme: Programme | None,
    taxonomy: Taxonomy,
    limit: int,
    offset: int,
    filters: Filters,
) -> tuple[list[tuple[JobSeeker, SeekerOffers, Match]], int]:
    """The page of seekers ranked for ``needs``, exactly as scoring every profile would rank them,
    with the total eligible.

    Seekers are scored tier by tier from the closest occupations outwards (``tiers``), one match
    profile row each. Once the page is full, a tier's seekers holding too few skills to reach its
    last score are left unread, and once that score beats the best anyone outside the tiers read
    so far could reach, nobody else can enter the page and the rest is skipped. Otherwise (a
    vacancy with few related seekers, or a page deep in the list) every eligible seeker who could
    still reach the page is scored. With ``filters.min_score`` the threshold is that score instead,
    so every seeker reaching it is read (and counted for the total), and nobody who cannot. The page
    is explained from the same rows, in full (``score``), beside each seeker's own fields.

    In a programme, the seekers who returned as agreed from an earlier placement in it come first
    (ranked among themselves by score), and their explanation says so.
    """
    citizenships = _citizenships(programme, filters)
    floor = filters.min_score
    reader = _reader(taxonomy)
    score_row = _speaking(reader.scorer(needs), filters.languages)
    most_skills = await repository.most_skills(session)
    seen: dict[str, ProfileRow | None] = {}
    first: list[tuple[float, str]] = []
    returnees = await repository.complied_returnees(session, programme.id) if programme is not None else []
    if returnees:
        chosen = repository.among(returnees, filters.within)
        first = sorted(await _rank(session, None, citizenships, chosen, score_row, seen, 0))
        if floor is not None:
            first = [item for item in first if -item[0] >= floor]
    wanted = offset + limit - len(first)  # of the others
    ranked: list[tuple[float, str]] = []

    def fewest(tier: Tier) -> int | None:
        """Skills a seeker of ``tier`` needs to reach the lowest score asked for, or while no
        such score is asked for, the page's last score (0 while the page is not full)."""
        if floor is not None:
            return tier.fewest_skills(needs, floor, most_skills)
        if len(ranked) < wanted:
            return 0
        return tier.fewest_skills(needs, -ranked[wanted - 1][0], most_skills)

    def nobody_after(tier: Tier) -> bool:
        """Whether no seeker outside the tiers read so far can still enter the result."""
        if floor is not None:
            return tier.bound_after < floor
        return len(ranked) >= wanted and -ranked[wanted - 1][0] > tier.bound_after

    every_tier = tiers(needs, taxonomy, most_skills) if wanted > 0 or floor is not None else []
    for tier in every_tier:
        if tier.occupations is not None and not tier.occupations:
            continue
        needed = fewest(tier)
        if needed is not None:
            rows = _tier_rows(tier, needs, taxonomy)
            ranked.extend(await _rank(session, rows, citizenships, filters.within, score_row, seen, needed))
            ranked.sort()
        if nobody_after(tier):
            break
    else:  # no bound was beaten: anyone may still reach the page (read again if left out before)
        needed = fewest(every_tier[0]) if every_tier else None  # none outscores the vacancy's occupation
        if needed is not None:
            ranked.extend(await _rank(session, None, citizenships, filters.within, score_row, seen, needed))
            ranked.sort()
    if floor is not None:
        ranked = [item for item in ranked if -item[0] >= floor]
        total = len(first) + len(ranked)
    else:
        total = await _count_eligible(session, needs, citizenships, filters)
    ahead = {uuid.UUID(key) for _score, key in first}
    page = [(uuid.UUID(key), seen[key]) for _score, key in (first + ranked)[offset : offset + limit]]
    people = await repository.seekers_by_id(session, [seeker_id for seeker_id, _row in page])
    labels = skill_labels(taxonomy, needs)
    explained = []
    for seeker_id, row in page:
        if seeker_id in people and row is not None:  # else erased since it was ranked
            offers = reader.offers(row)
            match = score(needs, offers, labels)
            if match is not None:  # the same inputs as the ranking: never None
                if seeker_id in ahead and programme is not None:
                    match.priority = f"returned as agreed from an earlier placement in {programme.name}"
                explained.append((people[seeker_id], offers, match))
    return explained, total


async def _open_vacancies(
    session: AsyncSession, taxonomy: Taxonomy
) -> list[tuple[uuid.UUID, uuid.UUID | None, VacancyNeeds]]:
    """(id, programme, needs) of every vacancy open to applications."""
    result = []
    for row in await repository.open_vacancies(session, utcnow().date()):
        vacancy_id, occupation_id, programme_id, essential, optional, languages, education, years, country = (
            row
        )
        asked = sorted(item.split(":") for item in languages.split())  # by language, as the ORM orders them
        needs = VacancyNeeds(
            occupation_id,
            taxonomy.occupations[occupation_id].isco_code,
            frozenset(essential.split()),
            frozenset(optional.split()),
            tuple((language, level, kind == "required") for language, level, kind in asked),
            education,
            years,
            country,
        )
        result.append((vacancy_id, programme_id, needs))
    return result


async def vacancies_for_seeker(
    session: AsyncSession, seeker: JobSeeker, taxonomy: Taxonomy, limit: int, offset: int
) -> tuple[list[tuple[Vacancy, Match]], int]:
    """The page of open vacancies ranked for ``seeker``: every one scored (there are far fewer
    vacancies than seekers), ties by id; those whose programme does not admit the seeker's
    citizenship, or that ask for a language they lack, left out. The page is then loaded in full."""
    offers = offers_of(seeker, taxonomy)
    programmes_by_id = {p.id: p for p in await programmes.every(session)}
    ranked: list[tuple[float, str, VacancyNeeds]] = []
    for vacancy_id, programme_id, needs in await _open_vacancies(session, taxonomy):
        programme = programmes_by_id.get(programme_id) if programme_id else None
        if programme is not None and eligibility_problem(programme, citizenship=seeker.citizenship):
            continue
        values = components(needs, offers)
        if values is not None:
            ranked.append((-total(values), str(vacancy_id), needs))
    ranked.sort(key=lambda row: row[:2])
    page = ranked[offset : offset + limit]
    loaded = {str(v.id): v for v in await vacancies.many(session, [uuid.UUID(key) for _s, key, _n in page])}
    return [
        (loaded[key], match)
        for _score, key, needs in page
        if key in loaded and (match := score(needs, offers, skill_labels(taxonomy, needs))) is not None
    ], len(ranked)


def verified_or_declared(
    needs: VacancyNeeds,
    offers: SeekerOffers,
    verified: Verified,
    labels: dict[str, str],
    languages: Sequence[tuple[str, str]] = (),
) -> tuple[list[str], list[str]]:
    """The requirements a seeker meets, split into those a counting check verifies and those only
    declared: the languages asked for (the vacancy's and ``languages``), the skills asked for, the
    minimum education."""
    sure: list[str] = []
    declared: list[str] = []
    asked = [(language, minimum) for language, minimum, _required in needs.languages]
    for language, minimum in sorted(set(asked) | set(languages)):
        tested = verified.languages.get(language, "") >= minimum  # CEFR codes sort in level order
        if tested or offers.languages.get(language, "") >= minimum:
            (sure if tested else declared).append(f"language: {language} {minimum}")
    for skill in sorted((needs.essential_skills | needs.optional_skills) & offers.skills):
        (sure if skill in verified.skills else declared).append(f"skill: {labels.get(skill, skill)}")
    minimum_level = needs.min_education_level
    if minimum_level is not None and (offers.education_level or -1) >= minimum_level:
        tested = (verified.isced_level if verified.isced_level is not None else -1) >= minimum_level
        (sure if tested else declared).append(f"education: ISCED {minimum_level}")
    return sure, declared
