"""Matching's read model of a seeker, parsed and scored: the rows ``repository.profile_rows``
reads (occupations, skills and languages as space-separated lists) turned into scores for a
vacancy, and into ``SeekerOffers`` to explain a match. Pure: no I/O."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TypeVar

from imis_jobs.matching.scoring import (
    SeekerOffers,
    VacancyNeeds,
    destination_value,
    education_value,
    experience_value,
    experience_years,
    language_share,
    occupation_fit,
    skills_value,
    weighted,
)
from imis_jobs.taxonomy.service import Taxonomy

T = TypeVar("T")
# What matching reads of a profile row: occupations, skills, languages, education level and
# preferred countries (as JSON text); and a function scoring those.
ProfileRow = tuple[str, str, str, int | None, str]
RowScorer = Callable[[str, str, str, int | None, str], float | None]


class ProfileReader:
    """Scores profile rows (``scorer``). Many seekers share the same languages, destination
    preferences or occupations, so each distinct text is parsed once and kept (up to
    ``CACHE_SIZE`` of them; the parsed values are immutable and shared)."""

    CACHE_SIZE = 100_000

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._occupations: dict[str, tuple[tuple[str, str, int], ...]] = {}
        self._languages: dict[str, Mapping[str, str]] = {}
        self._countries: dict[str, frozenset[str]] = {}

    def scorer(self, needs: VacancyNeeds) -> RowScorer:
        """Scores profile rows for one vacancy: ``weighted`` of the same component values as
        ``scoring.components`` of the parsed row (a test checks they agree), but what depends
        on one text alone (occupations, languages, preferences) is worked out once per
        distinct text, and the skills are counted straight from the row's list."""
        essential, optional = needs.essential_skills, needs.optional_skills
        fits: dict[str, tuple[float, float]] = {}  # occupations → (occupation, experience)
        shares: dict[str, float | None] = {}  # languages → language share, None: excluded
        destinations: dict[str, float] = {}

        def score(
            occupations: str, skills: str, languages: str, education_level: int | None, preferred: str
        ) -> float | None:
            if languages in shares:
                share = shares[languages]
            else:
                held = self._cached(self._languages, languages, _parse_languages)
                share = shares[languages] = language_share(needs, held)
            if share is None:
                return None
            fit = fits.get(occupations)
            if fit is None:
                only = SeekerOffers(
                    self._cached(self._occupations, occupations, self._parse_occupations),
                    frozenset(),
                    {},
                    None,
                    frozenset(),
                )
                fit = fits[occupations] = (
                    occupation_fit(needs, only)[0],
                    experience_value(needs, experience_years(needs, only)),
                )
            covered = 0
            for skill in skills.split():  # no repeats: one profile row per skill held
                if skill in essential:
                    covered += 2
                if skill in optional:  # as the sets' intersections count it
                    covered += 1
            destination = destinations.get(preferred)
            if destination is None:
                countries = self._cached(self._countries, preferred, _parse_countries)
                destination = destinations[preferred] = destination_value(needs, countries)
            return weighted(
                fit[0],
                skills_value(needs, covered),
                share,
                education_value(needs, education_level),
                fit[1],
                destination,
            )

        return score

    def offers(self, row: ProfileRow) -> SeekerOffers:
        """The row parsed: what ``scoring.score`` takes, to explain a match in full."""
        occupations, skills, languages, education_level, preferred = row
        return SeekerOffers(
            self._cached(self._occupations, occupations, self._parse_occupations),
            frozenset(skills.split()),
            self._cached(self._languages, languages, _parse_languages),
            education_level,
            self._cached(self._countries, preferred, _parse_countries),
        )

    def _cached(self, cache: dict[str, T], text: str, parse: Callable[[str], T]) -> T:
        value = cache.get(text)
        if value is None:
            if len(cache) >= self.CACHE_SIZE:
                cache.clear()
            value = cache[text] = parse(text)
        return value

    def _parse_occupations(self, text: str) -> tuple[tuple[str, str, int], ...]:
        held = []
        for item in text.split():
            occupation_id, _, years = item.rpartition(":")
            held.append((occupation_id, self.taxonomy.occupations[occupation_id].isco_code, int(years)))
        return tuple(sorted(held))


def _parse_languages(text: str) -> Mapping[str, str]:
    return MappingProxyType(
        {language: level for language, _, level in (x.partition(":") for x in text.split())}
    )


def _parse_countries(text: str) -> frozenset[str]:
    return frozenset(json.loads(text) or ())
